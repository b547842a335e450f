"""`budgetmeter`: start the embedded API server (or use one elsewhere) and open the app on it.

    budgetmeter                      desktop window, embedded server with demo data
    budgetmeter --web [--port N]     serve the app to a browser instead
    budgetmeter --api-url URL        use a server elsewhere (no embedded server)

The embedded server is a subprocess (``python -m server``) on a free loopback port with a SQLite file
in the user's data folder; the app never imports ``server``, it only speaks HTTP to it. Problems end
in one sentence on stderr (in the device's language), never a traceback.

Stopping: SIGTERM or SIGINT stops the app and its embedded server within 10 seconds (both shut down
side by side; a watchdog ends what is still running at 9 s). The embedded server is also told by
the kernel when the launcher dies without a word (kill -9): it never outlives the launcher holding
its port and SQLite file.
"""

from __future__ import annotations

import argparse
import atexit
import errno
import locale
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx

from app.i18n import Translator
from app.settings import AppSettings, SettingsError, load_settings
from app.state.language import language_of_locale

HEALTH_TIMEOUT = 30.0
#: After SIGTERM or SIGINT, whatever still runs at this many seconds is killed (supervisord's
#: stopwaitsecs is 10; an orphan holding the port and the SQLite file is worse than a cut session).
STOP_DEADLINE = 9.0


def _translator(settings: AppSettings | None) -> Translator:
    lang = settings.locale_language if settings else None
    if not lang:
        try:
            lang = language_of_locale(locale.getlocale()[0])
        except ValueError:
            lang = None
    return Translator(lang or "en")


class LaunchError(Exception):
    """A problem to tell the user in one sentence."""


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def check_port(host: str, port: int, t: Translator) -> None:
    """Raise LaunchError with a sentence when ``port`` on ``host`` cannot be listened on."""
    try:
        with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind((host, port))
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            raise LaunchError(
                t._("Port {port} is already in use. Choose another one with --port, or stop the program that uses it.").format(
                    port=port
                )
            ) from None
        raise LaunchError(t._("Port {port} cannot be used: {reason}.").format(port=port, reason=exc.strerror)) from None


def api_is_healthy(url: str, timeout: float = 2.0) -> bool:
    try:
        return httpx.get(url.rstrip("/") + "/healthz", timeout=timeout).status_code == 200
    except httpx.HTTPError:
        return False


def default_database() -> Path:
    # The same file `budgetmeter-server` and its commands use without --database
    # (server/core/database_path.py; tests/ops/test_cli_database.py checks both agree).
    import platformdirs

    folder = Path(platformdirs.user_data_dir("budgetmeter", appauthor=False))
    folder.mkdir(parents=True, exist_ok=True)
    return folder / "budgetmeter.sqlite3"


def start_embedded_server(
    t: Translator, database: Path | None = None, *, wait: bool = True
) -> tuple[str, subprocess.Popen]:
    """Start ``python -m server`` on a free loopback port; with ``wait``, until /healthz answers."""
    database = database or default_database()
    port = free_port()
    log_path = database.with_name("server.log")
    log_file = open(log_path, "ab")
    args = [sys.executable, "-m", "server", "--host", "127.0.0.1", "--port", str(port), "--database", str(database), "--demo"]
    try:
        process = subprocess.Popen(args, stdout=log_file, stderr=subprocess.STDOUT, preexec_fn=_die_with_parent)
    except OSError as exc:
        raise LaunchError(t._("The embedded server could not be started: {reason}.").format(reason=exc.strerror)) from None
    url = f"http://127.0.0.1:{port}"
    if wait:
        wait_until_healthy(t, url, process, log_path)
    return url, process


def _die_with_parent() -> None:
    """In the child before exec: the kernel sends it SIGTERM when the launcher dies, however (Linux's
    PR_SET_PDEATHSIG; elsewhere nothing is done)."""
    if sys.platform.startswith("linux"):
        import ctypes

        PR_SET_PDEATHSIG = 1
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


def wait_until_healthy(t: Translator, url: str, process: subprocess.Popen, log_path: Path) -> None:
    deadline = time.monotonic() + HEALTH_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise LaunchError(
                t._("The embedded server stopped while starting. Its log is in {path}.").format(path=log_path)
            )
        if api_is_healthy(url, timeout=1):
            return
        time.sleep(0.05)
    process.kill()
    raise LaunchError(t._("The embedded server did not answer in time. Its log is in {path}.").format(path=log_path))


def watch_startup(t: Translator, url: str, process: subprocess.Popen, log_path: Path) -> None:
    """Runs beside the app's own start (both take about a second on a small machine, so doing them
    one after the other doubled the start time). The app cannot work without its embedded server:
    if that fails to start, say so in one sentence and stop."""
    try:
        wait_until_healthy(t, url, process, log_path)
    except LaunchError as exc:
        print(f"budgetmeter: {exc}", file=sys.stderr)
        os._exit(2)


def stop_process(process: subprocess.Popen, wait: float = STOP_DEADLINE - 1) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(wait)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


class Stopper:
    """What a stop signal does: tell the embedded server to stop (at once, not after the web app's
    own shutdown) and arm the watchdog."""

    def __init__(self) -> None:
        self.process: subprocess.Popen | None = None
        self.armed = False

    def begin(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
        if not self.armed:
            self.armed = True
            timer = threading.Timer(STOP_DEADLINE, self.hard_stop)
            timer.daemon = True  # a clean stop before the deadline does not wait for it
            timer.start()

    def hard_stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
        os._exit(1)

    def on_signal(self, signum: int, frame) -> None:
        """Until uvicorn takes the signals over (and after it gives them back): stop by SystemExit,
        which runs the ``finally`` that stops the embedded server."""
        self.begin()
        raise SystemExit(0)


def parse_args(argv: list[str] | None, t: Translator) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="budgetmeter", description=t._("Your budget meter: balance, top-ups and help."))
    parser.add_argument("--web", action="store_true", help=t._("Serve the app to a web browser instead of opening a window"))
    parser.add_argument("--host", default="127.0.0.1", help=t._("Address to serve the web app on (with --web)"))
    parser.add_argument("--port", type=int, default=None, help=t._("Port to serve the web app on (with --web)"))
    parser.add_argument("--api-url", default=None, help=t._("Use the API server at this address instead of the embedded one"))
    parser.add_argument("--database", default=None, help=t._("SQLite file of the embedded server"))
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    try:
        settings, problem = load_settings(), None
    except SettingsError as exc:
        settings, problem = None, exc
    t = _translator(settings)
    if problem is not None:
        print(f"budgetmeter: {problem}", file=sys.stderr)
        return 2
    args = parse_args(argv, t)
    server_process: subprocess.Popen | None = None
    stopper = Stopper()
    # uvicorn re-raises a stop signal once it has shut down; with the default handler that killed the
    # launcher before its ``finally``, leaving the embedded server running (re-parented to PID 1).
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, stopper.on_signal)
    try:
        if args.web:
            port = args.port if args.port is not None else 8550
            check_port(args.host, port, t)
        if args.api_url:
            api_url = args.api_url.rstrip("/")
            if not api_is_healthy(api_url):
                # Not fatal: the app starts and shows cached balances with a retry.
                print(
                    t._("The server at {url} cannot be reached right now; the app will show what it last knew and retry.").format(
                        url=api_url
                    ),
                    file=sys.stderr,
                )
        else:
            database = Path(args.database) if args.database else default_database()
            api_url, server_process = start_embedded_server(t, database, wait=False)
            stopper.process = server_process
            atexit.register(stop_process, server_process)
            threading.Thread(
                target=watch_startup,
                args=(t, api_url, server_process, database.with_name("server.log")),
                daemon=True,
            ).start()
    except LaunchError as exc:
        print(f"budgetmeter: {exc}", file=sys.stderr)
        return 2

    import flet as ft

    from app.main import make_main

    os.environ.setdefault("FLET_WEB_NO_CDN", "1")
    try:
        if args.web:
            print(t._("The app is at http://{host}:{port}/").format(host=args.host, port=port), file=sys.stderr)
            # Flet's ASGI app behind our layer that serves the web client compressed and cacheable
            # (app/web/serve.py), instead of ft.run's web mode which sends it uncompressed.
            from app.web.serve import serve

            serve(make_main(api_url), args.host, port, on_stop=stopper.begin)
        else:
            ft.run(make_main(api_url), assets_dir=str(Path(__file__).resolve().parent.parent / "assets"))
    except (KeyboardInterrupt, SystemExit):
        pass
    except OSError as exc:
        reason = exc.strerror or str(exc)
        print("budgetmeter: " + t._("The app could not start: {reason}.").format(reason=reason), file=sys.stderr)
        return 2
    finally:
        if server_process is not None:
            stop_process(server_process)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
