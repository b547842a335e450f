"""`budgetmeter-server worker`: the mail sender as a process of its own, beside API processes that
then need no SMTP settings. Several may run on one PostgreSQL store (they skip each other's mail)."""

from __future__ import annotations

import argparse
import logging
import signal
import sys
import threading

from ..services.alerts.sender import MailSender, smtp_target
from .settings import command_settings
from ..core.database_path import database_help
from ..services.signals.sweep import sweep_thread
from ..core.logs import configure as configure_logs
from ..store.db import Database
from ..store.schema import migrate


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="budgetmeter-server worker", description="Write the staff digests that are due and send the mail in the outbox.")
    parser.add_argument("--database", help=database_help())
    parser.add_argument("--once", action="store_true", help="Write the digests and send what is due now, then stop")
    parser.add_argument("--log-level", default="info")
    return parser.parse_args(argv)


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    settings = command_settings(args.database)
    configure_logs(settings.log_format, args.log_level)
    try:
        target = smtp_target(settings)
    except ValueError as exc:
        print(f"budgetmeter-server worker: {exc}", file=sys.stderr)
        return 2
    if target is None:
        print("budgetmeter-server worker: mail is off; set BUDGETMETER_SMTP_URL and BUDGETMETER_MAIL_FROM", file=sys.stderr)
        return 2
    db = Database(settings.database)
    migrate(db)
    sender = MailSender(db, settings, target)
    if args.once:
        total = 0
        while sent := sender.round():
            total += sent
        print(f"sent {total}")
        return 0
    stop = threading.Event()
    # The supply-signal sweep runs beside the sender (several workers: one signal per episode still).
    sweep_thread(db, settings, stop)
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stop.set())
    logging.getLogger("budgetmeter.mail").info("Worker started: sending mail from the outbox")
    sender.run(stop)
    return 0
