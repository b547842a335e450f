"""`budgetmeter-server`: runs the API on its own."""

from __future__ import annotations

import argparse
import errno
import importlib
import logging
import socket
import sys
from typing import NamedTuple

from .settings import command_settings
from ..core.database_path import announcement, database_help, default_database
from ..core.settings import SettingsError
from ..core.logs import configure as configure_logs


GRACEFUL_SECONDS = 5
# An idle client connection stays open this long. Every client of ours lets its own go sooner (the
# app after 4 s, app/api/transport.py; nginx after 15 s, deploy/nginx.conf), so a request never goes
# out on a connection the server is closing at that moment. With uvicorn's 5 s on both sides a
# household's log-in (a POST, never sent twice) met "server disconnected" once in CI.
KEEP_ALIVE_SECONDS = 20


class AccessLine(logging.Filter):
    """uvicorn's access line as method, path and status only. Query strings carry names, postcodes
    and coordinates (place and top-up point search) and the client's address is personal data:
    logs carry neither (SECURITY.md)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple) and len(record.args) == 5:
            _client, method, path, _version, status = record.args
            record.msg, record.args = "%s %s %s", (method, str(path).partition("?")[0], status)
        return True


class Command(NamedTuple):
    module: str  # in this package, with a main(argv) -> exit status
    synopsis: str
    what: str


#: The sub-commands, each with the module that runs it and its line in `budgetmeter-server --help`.
#: Without one, `budgetmeter-server` serves the API.
COMMANDS: dict[str, Command] = {
    "org": Command("org", "org create", "a helper organisation (OCMW, CAW, ...) and its first administrator"),
    "operator-key": Command("operator_key", "operator-key create|list|revoke", "keys of the operator's machine clients"),
    "import": Command("import_files", "import KIND FILE", "load accounts, readings, topups or topup-points from CSV or JSON Lines"),
    "worker": Command("worker", "worker", "send queued mail and write the staff digests (a process of its own)"),
    "sweep": Command("sweep", "sweep", "judge every meter's supply signals and prepare the winter support amounts due, once, now (for cron)"),
}


def commands_epilog() -> str:
    width = max(len(c.synopsis) for c in COMMANDS.values())
    return "\n".join(
        [
            "commands (without one, budgetmeter-server serves the API):",
            *(f"  {c.synopsis:<{width}}  {c.what}" for c in COMMANDS.values()),
            "",
            "Each takes --database; budgetmeter-server COMMAND --help says more. Without --database (or",
            f"BUDGETMETER_DATABASE) every command uses the app budgetmeter's own SQLite file: {default_database()}",
        ]
    )


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="budgetmeter-server",
        usage="budgetmeter-server [COMMAND ...] [options]",
        description="Run the budgetmeter API, or one of the commands below.",
        epilog=commands_epilog(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--database", help=database_help())
    parser.add_argument("--demo", action="store_true", help="Seed the demo data when the store is empty")
    parser.add_argument(
        "--forwarded-allow-ips",
        default=None,
        help="Proxies whose X-Forwarded-For is trusted for the client address (throttling)",
    )
    parser.add_argument("--log-level", default="info")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    try:
        if argv and argv[0] in COMMANDS:
            module = importlib.import_module(f".{COMMANDS[argv[0]].module}", __package__)
            return module.main(argv[1:])
        return serve(parse_args(argv))
    except SettingsError as exc:  # any command's settings, as one line rather than a traceback
        print(f"budgetmeter-server: {exc}", file=sys.stderr)
        return 2


def serve(args: argparse.Namespace) -> int:
    settings = command_settings(args.database, announce=False, **({"demo": True} if args.demo else {}))
    settings.check_payment_account()
    # Made or read now, so a missing or weak key stops the start with a sentence, not a request later.
    settings.resolved_secret_key()
    configure_logs(settings.log_format, args.log_level)
    json_logs = settings.log_format == "json"
    logging.getLogger("budgetmeter.server").info(announcement(settings.database, args.database))

    # Fail with a sentence rather than a traceback when the port is taken.
    try:
        with socket.socket(socket.AF_INET6 if ":" in args.host else socket.AF_INET) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind((args.host, args.port))
    except OSError as exc:
        reason = "is already in use" if exc.errno == errno.EADDRINUSE else f"cannot be used ({exc.strerror})"
        print(f"budgetmeter-server: port {args.port} on {args.host} {reason}.", file=sys.stderr)
        return 2

    # Imported here, not at the top: the other commands (import, org, operator-key, ...) never serve.
    import uvicorn

    from ..main import create_app

    app = create_app(settings)
    config = uvicorn.Config(
        app,
        host=args.host,
        port=args.port,
        log_level=args.log_level,
        # JSON: uvicorn's loggers go to our root handler, and the request line comes from
        # server/api/metrics.py (route template, not path).
        log_config=None if json_logs else uvicorn.config.LOGGING_CONFIG,
        access_log=not json_logs,
        proxy_headers=args.forwarded_allow_ips is not None,
        forwarded_allow_ips=args.forwarded_allow_ips,
        server_header=False,
        timeout_keep_alive=KEEP_ALIVE_SECONDS,
        # A stop (SIGTERM from supervisord) waits this long for requests under way, then cancels
        # them: the process is gone well inside supervisord's 10 s (stopwaitsecs).
        timeout_graceful_shutdown=GRACEFUL_SECONDS,
    )
    # After Config, which (re)configures uvicorn's loggers; its access formatter expects the five
    # arguments the filter drops.
    access = logging.getLogger("uvicorn.access")
    access.addFilter(AccessLine())
    for handler in access.handlers:
        handler.setFormatter(logging.Formatter("%(levelname)s:     %(message)s"))
    uvicorn.Server(config).run()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
