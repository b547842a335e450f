"""`budgetmeter-server sweep [--database ...]`: one pass of the supply-signal sweep now, then exit 0
(for cron and tests), with the winter support amounts that are due (issue 21)."""

from __future__ import annotations

import argparse
import logging

from .settings import command_settings
from ..core.database_path import database_help
from ..services.signals.sweep import sweep_pass
from ..store.db import Database
from ..store.schema import migrate


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="budgetmeter-server sweep", description="Judge every meter's supply signals and prepare the winter support amounts due, once, now.")
    parser.add_argument("--database", help=database_help())
    parser.add_argument("--log-level", default="warning")
    args = parser.parse_args(argv)
    logging.basicConfig(level=args.log_level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    settings = command_settings(args.database)
    db = Database(settings.database)
    migrate(db)
    signals, prepared = sweep_pass(db, settings)
    print(f"signals {signals}")
    print(f"winter_preparations {prepared}")
    db.close()
    return 0
