"""`budgetmeter-server org create --name NAME --admin-username U --admin-name "N"`.

The first administrator's initial password is printed once, as the last line; they replace it and
enrol an authenticator at their first log-in.
"""

from __future__ import annotations

import argparse
import sys

from ..core.clock import now_s
from .settings import command_settings
from ..core.database_path import database_help
from ..services.organisations import NameTaken, create_organisation, normalise_username
from ..store.db import Database
from ..store.schema import migrate


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="budgetmeter-server org", description="Manage helper organisations.")
    sub = parser.add_subparsers(dest="action", required=True)
    create = sub.add_parser("create", help="Create an organisation with its first administrator")
    create.add_argument("--name", required=True, help="The organisation's name, e.g. 'OCMW Gent'")
    create.add_argument("--admin-username", required=True, help="The administrator's log-in name")
    create.add_argument("--admin-name", required=True, help="The administrator's name as clients will see it")
    create.add_argument("--database", help=database_help())
    return parser.parse_args(argv)


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    name, admin_name = args.name.strip(), args.admin_name.strip()
    username = normalise_username(args.admin_username)
    if not name or len(name) > 120 or not admin_name or len(admin_name) > 100:
        print("budgetmeter-server: --name (1 to 120 characters) and --admin-name (1 to 100) are needed", file=sys.stderr)
        return 2
    if username is None:
        print("budgetmeter-server: --admin-username is 3 to 64 of a-z 0-9 . _ @ -", file=sys.stderr)
        return 2
    settings = command_settings(args.database)
    db = Database(settings.database)
    try:
        migrate(db)
        organisation_id, password = create_organisation(
            db, name=name, admin_username=username, admin_name=admin_name, now=now_s()
        )
    except NameTaken as exc:
        print(f"budgetmeter-server: {exc}", file=sys.stderr)
        return 1
    finally:
        db.close()  # the command may run inside a longer-lived process (the tests' helpers)
    print(f"Organisation {name!r} created (organisation_id {organisation_id}).")
    print(f"Administrator {username!r}: initial password, shown only now; they replace it at the first log-in:")
    print(password)
    return 0
