"""`budgetmeter-server operator-key create --name N [--operator O]|list|revoke`: keys of the operator's
machine clients, each belonging to an operator (the default operator when not given).

The key is printed once, as the last line of `create`; only its hash is stored.
"""

from __future__ import annotations

import argparse
import re
import sys

from ..core.clock import now_s, to_brussels
from .settings import command_settings
from ..core.database_path import database_help
from ..core.security import key_hash, new_key
from ..store import operator_keys
from ..store.db import Database, IntegrityError
from ..store.schema import migrate

NAME = re.compile(r"[A-Za-z0-9._-]{1,64}")


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="budgetmeter-server operator-key", description="Manage operator keys.")
    sub = parser.add_subparsers(dest="action", required=True)
    for action, help_text in (("create", "Create a key; it is printed once"), ("list", "List keys"), ("revoke", "Revoke a key")):
        p = sub.add_parser(action, help=help_text)
        if action == "create":
            p.add_argument("--name", required=True, help="Who uses the key, e.g. back-office")
            p.add_argument(
                "--operator",
                default=operator_keys.DEFAULT_OPERATOR,
                help=f"The operator the key writes for; it reaches only that operator's accounts (default: {operator_keys.DEFAULT_OPERATOR})",
            )
        if action == "revoke":
            p.add_argument("name")
        p.add_argument("--database", help=database_help())
    return parser.parse_args(argv)


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    settings = command_settings(args.database)
    db = Database(settings.database)
    try:
        migrate(db)
        return act(args, db)
    finally:
        db.close()  # the command may run inside a longer-lived process (the tests' helpers)


def act(args: argparse.Namespace, db: Database) -> int:
    now = now_s()
    if args.action == "create":
        if NAME.fullmatch(args.name) is None:
            print("budgetmeter-server: --name is 1 to 64 of A-Z a-z 0-9 . _ -", file=sys.stderr)
            return 2
        if NAME.fullmatch(args.operator) is None:
            print("budgetmeter-server: --operator is 1 to 64 of A-Z a-z 0-9 . _ -", file=sys.stderr)
            return 2
        key = new_key()
        try:
            with db.transaction(write=True) as tx:
                operator_keys.create(tx, name=args.name, key_hash=key_hash(key), now=now, operator=args.operator)
        except IntegrityError:
            print(f"budgetmeter-server: an operator key named {args.name!r} already exists", file=sys.stderr)
            return 1
        print(f"Operator key {args.name!r} of operator {args.operator!r} created. It is shown only now; keep it secret:")
        print(key)
        return 0
    if args.action == "list":
        with db.transaction() as tx:
            rows = operator_keys.all_keys(tx)
        for r in rows:
            state = f"revoked {to_brussels(r['revoked_at']).isoformat()}" if r["revoked_at"] else "active"
            print(f"{r['name']}\toperator {r['operator']}\tcreated {to_brussels(r['created_at']).isoformat()}\t{state}")
        if not rows:
            print("No operator keys.")
        return 0
    with db.transaction(write=True) as tx:
        revoked = operator_keys.revoke(tx, args.name, now=now)
    if not revoked:
        print(f"budgetmeter-server: no active operator key named {args.name!r}", file=sys.stderr)
        return 1
    print(f"Operator key {args.name!r} revoked.")
    return 0
