"""`budgetmeter-server`: runs the API on its own."""

from __future__ import annotations

import argparse
import errno
import logging
import socket
import sys

import uvicorn

from .core.settings import Settings, SettingsError
from .logs import configure as configure_logs


GRACEFUL_SECONDS = 5


class AccessLine(logging.Filter):
    """uvicorn's access line as method, path and status only. Query strings carry names, postcodes
    and coordinates (place and top-up point search) and the client's address is personal data:
    logs carry neither (SECURITY.md)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple) and len(record.args) == 5:
            _client, method, path, _version, status = record.args
            record.msg, record.args = "%s %s %s", (method, str(path).partition("?")[0], status)
        return True


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="budgetmeter-server", description="Run the budgetmeter API.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument(
        "--database", help="SQLite file path, or a postgresql:// URL (default: budgetmeter.sqlite3 here)"
    )
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
    if argv and argv[0] == "sweep":  # one pass of the supply-signal sweep, then exit
        from .cli_sweep import main as sweep_main

        return sweep_main(argv[1:])
    if argv and argv[0] == "worker":  # the mail sender on its own (alerts)
        from .cli_worker import main as worker_main

        return worker_main(argv[1:])
    if argv and argv[0] in ("operator-key", "import", "org"):  # sub-commands; no sub-command serves
        if argv[0] == "org":
            from .cli_org import main as org_main

            return org_main(argv[1:])
        from .cli_import import main as import_main
        from .cli_operator_key import main as operator_key_main

        return (operator_key_main if argv[0] == "operator-key" else import_main)(argv[1:])
    args = parse_args(argv)
    overrides: dict = {}
    if args.database:
        overrides["database"] = args.database
    if args.demo:
        overrides["demo"] = True
    settings = Settings(**overrides)
    try:
        settings.check_payment_account()
        # Made or read now, so a missing or weak key stops the start with a sentence, not a request later.
        settings.resolved_secret_key()
    except SettingsError as exc:
        print(f"budgetmeter-server: {exc}", file=sys.stderr)
        return 2
    configure_logs(settings.log_format, args.log_level)
    json_logs = settings.log_format == "json"

    # Fail with a sentence rather than a traceback when the port is taken.
    try:
        with socket.socket(socket.AF_INET6 if ":" in args.host else socket.AF_INET) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind((args.host, args.port))
    except OSError as exc:
        reason = "is already in use" if exc.errno == errno.EADDRINUSE else f"cannot be used ({exc.strerror})"
        print(f"budgetmeter-server: port {args.port} on {args.host} {reason}.", file=sys.stderr)
        return 2

    from .main import create_app

    app = create_app(settings)
    config = uvicorn.Config(
        app,
        host=args.host,
        port=args.port,
        log_level=args.log_level,
        # JSON: uvicorn's loggers go to our root handler, and the request line comes from
        # server/metrics.py (route template, not path).
        log_config=None if json_logs else uvicorn.config.LOGGING_CONFIG,
        access_log=not json_logs,
        proxy_headers=args.forwarded_allow_ips is not None,
        forwarded_allow_ips=args.forwarded_allow_ips,
        server_header=False,
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
