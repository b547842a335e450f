"""`budgetmeter-server import {accounts,readings,topups,topup-points} FILE [--database ...]`.

CSV (the header holds the JSON field names; an account's meters one row per meter, rows of one
account one after the other) or JSON Lines (one object per line, an account with its `meters`
list). Each record goes through the same checks and writes as the API (server.services.ingest). The file is
streamed: only one batch is in memory, whatever the file size; each batch is one transaction, so a
crash loses at most the batch under way, and a re-run applies exactly what is missing.

Each rejected record is printed on stderr as `line L: <code>: <message>`, and each stale reading as
`line L: stale: ...` (kept in the history, not rejected), in the file's order; the last line on
stdout is `applied N, duplicate N, stale N, rejected N`; the exit status is 1 when anything was
rejected. On a terminal a progress bar counts the file's rows.

The import writes as an operator (`--operator O`, the default operator when not given), as that
operator's keys do: its accounts belong to it, and only its meters take readings and top-ups. The
audit (GET /api/v1/operator/audit) records it with `via: "cli"` and no key name: whoever runs it
has the store's credentials already, so no key is asked for.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import re
import signal
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from .import_formats import ACCOUNT_COLUMNS, COLUMNS, KINDS, METER_COLUMNS, formats_epilog
from .import_progress import RowProgress
from .settings import command_settings
from ..core.clock import now_s
from ..core.database_path import database_help
from ..core.settings import Settings
from ..services.ingest import accounts as account_ingest
from ..services.ingest import readings as reading_ingest
from ..services.ingest import topup_points as point_ingest
from ..services.ingest import topups as topup_ingest
from ..services.ingest.fields import Invalid, loads
from ..services.ingest.results import STALE_MEANING, STATUSES, ItemResult, counts
from ..services.ingest.writer import Writer
from ..store import topup_points as points_store
from ..store.operator_keys import DEFAULT_OPERATOR
from ..store.db import Database, IntegrityError, Transaction
from ..store.schema import migrate

OPERATOR_NAME = re.compile(r"[A-Za-z0-9._-]{1,64}")  # as operator-key create --operator
INTEGERS = {"balance_cents", "emergency_credit_available_cents", "amount_cents", "pending_topup_id",
            "emergency_credit_limit_cents", "negative_credit_limit_cents"}
BOOLEANS = {"emergency_credit_in_use", "minimum_supply_active"}
FLOATS = {"lat", "lon"}
TEXT_ONLY = {"prepaid_code", "postal_code", "event_id", "ean", "account_ref", "phone", "id"}


# No record comes near this; a longer line is a line error, skipped without being held whole.
MAX_LINE_CHARS = 64 * 1024
TOO_LONG = f"longer than {MAX_LINE_CHARS} characters; not read"


class BadRecord(Exception):
    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line


def unreadable(record: BadRecord) -> ItemResult:
    return ItemResult(None, "rejected", "validation_error", str(record))


class Source:
    """The file as text, read line by line."""

    def __init__(self, path: Path):
        self.path = path
        self._binary = path.open("rb")
        self.text = io.TextIOWrapper(self._binary, encoding="utf-8-sig", errors="replace", newline="")
        self.overlong = 0  # lines skipped as longer than MAX_LINE_CHARS so far

    def lines(self) -> Iterator[str]:
        """The lines, each at most MAX_LINE_CHARS long. A longer one is read past in pieces and comes
        out as an empty line, with `overlong` counted up for the reader to report it by its number."""
        while line := self.text.readline(MAX_LINE_CHARS + 1):
            if len(line) > MAX_LINE_CHARS and not line.endswith(("\n", "\r")):
                while (piece := self.text.readline(MAX_LINE_CHARS)) and not piece.endswith(("\n", "\r")):
                    pass
                self.overlong += 1
                line = "\n"
            yield line

    def close(self) -> None:
        self.text.close()


def _integer(text: str) -> Any:
    try:
        return int(text)
    except ValueError:
        return text  # the shared checks name the field and say what it must be


def _number(text: str) -> Any:
    try:
        return float(text)
    except ValueError:
        return text


_TRUTH = {"true": True, "false": False, "1": True, "0": False, "True": True, "False": False}


def _boolean(text: str) -> Any:
    value = _TRUTH.get(text)
    return value if value is not None else _TRUTH.get(text.strip().lower(), text)


def _converter(name: str) -> Callable[[str], Any]:
    """How a CSV column's text becomes the JSON value the shared checks expect."""
    if name in TEXT_ONLY:
        return str
    if name in INTEGERS:
        return _integer
    if name in FLOATS:
        return _number
    if name in BOOLEANS:
        return _boolean
    return str


def csv_records(source: Source, kind: str) -> Iterator[tuple[int, Any]]:
    reader = csv.reader(source.lines())
    try:
        header = next(reader)
    except StopIteration:
        return
    required, optional = COLUMNS[kind]
    missing = [c for c in required if c not in header]
    unknown = [c for c in header if c not in required and c not in optional]
    if missing or unknown:
        problem = f"missing column {', '.join(missing)}" if missing else f"unknown column {', '.join(unknown)}"
        raise BadRecord(1, problem)
    columns = [(name, _converter(name)) for name in header]
    while True:
        overlong = source.overlong
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield reader.line_num, BadRecord(reader.line_num, f"not a CSV line ({exc})")
            continue
        if source.overlong != overlong:
            yield reader.line_num, BadRecord(reader.line_num, TOO_LONG)
            continue
        if not row:
            continue
        if len(row) != len(header):
            yield reader.line_num, BadRecord(reader.line_num, f"{len(row)} fields, the header has {len(header)}")
            continue
        # An empty cell is an absent field.
        yield reader.line_num, {name: convert(value) for (name, convert), value in zip(columns, row) if value}


def jsonl_records(source: Source) -> Iterator[tuple[int, Any]]:
    overlong = 0
    for number, line in enumerate(source.lines(), start=1):
        if source.overlong != overlong:
            overlong = source.overlong
            yield number, BadRecord(number, TOO_LONG)
            continue
        if not line.strip():
            continue
        try:
            # NaN, Infinity and over-long integers come through as non-finite numbers, for the
            # field checks to reject with the rest of their record's errors.
            yield number, loads(line)
        except json.JSONDecodeError as exc:
            yield number, BadRecord(number, f"not a JSON line ({exc.msg} at column {exc.colno})")


def is_csv(path: Path) -> bool:
    if path.suffix.lower() == ".csv":
        return True
    if path.suffix.lower() in (".jsonl", ".ndjson", ".json"):
        return False
    with path.open("rb") as f:
        return not f.read(64).lstrip().startswith(b"{")


def account_groups(records: Iterator[tuple[int, Any]]) -> Iterator[tuple[int, Any]]:
    """CSV rows of one account (one per meter, one after the other) as one account object."""
    group: dict[str, Any] | None = None
    first_line = 0
    for line, row in records:
        if isinstance(row, BadRecord):
            yield line, row
            continue
        ref = row.get("account_ref")
        if group is None or ref != group["account_ref"]:
            if group is not None:
                yield first_line, group
            group = {k: row[k] for k in ACCOUNT_COLUMNS if k in row}
            group["meters"] = []
            first_line = line
        group["meters"].append({k: row[k] for k in METER_COLUMNS if k in row})
    if group is not None:
        yield first_line, group


class Importer:
    def __init__(self, db: Database, kind: str, report: Callable[[str], None], secret_key: bytes | None,
                 settings: Settings | None = None, operator: str = DEFAULT_OPERATOR):
        self.db = db
        self.settings = settings or Settings()
        self.writer = Writer(operator=operator, via="cli")
        self.kind = kind
        self.report = report
        self.secret_key = secret_key
        self.tally = dict.fromkeys(STATUSES, 0)

    def batch(self, records: list[tuple[int, Any]]) -> None:
        good = [(line, item) for line, item in records if not isinstance(item, BadRecord)]
        results: list[ItemResult] = []
        if good:
            with self.db.transaction(write=True) as tx:
                if self.kind == "accounts":
                    results = [self.account(tx, item) for _, item in good]
                else:
                    apply = reading_ingest.apply if self.kind == "readings" else topup_ingest.apply
                    now = now_s()
                    results = apply(
                        tx, [item for _, item in good], now=now, operator=self.writer.operator,
                        alerts=self.settings.alerts_enabled, settings=self.settings,
                    )
                    operation = "push_meter_readings" if self.kind == "readings" else "push_topups"
                    self.writer.audit(tx, operation, target=None, details=counts(results), now=now)
        # Told in the file's order, lines that could not be read among the others.
        outcome = iter(results)
        for line, item in records:
            self.count(line, unreadable(item) if isinstance(item, BadRecord) else next(outcome))

    def account(self, tx: Transaction, item: Any) -> ItemResult:
        # A savepoint per account: one refused account leaves the others of its batch in place.
        tx.execute("SAVEPOINT account")
        try:
            ref = item.get("account_ref") if isinstance(item, dict) else None
            body = {k: v for k, v in item.items() if k != "account_ref"} if isinstance(item, dict) else item
            outcome = account_ingest.upsert(tx, ref, body, secret_key=self.secret_key or b"", now=now_s(), writer=self.writer)
        except (Invalid, IntegrityError) as exc:
            tx.execute("ROLLBACK TO SAVEPOINT account")
            tx.execute("RELEASE SAVEPOINT account")
            if isinstance(exc, Invalid):
                return ItemResult(None, "rejected", exc.code, exc.message)
            return ItemResult(None, "rejected", "conflict", "a Prepaid-code or EAN in use by another account")
        tx.execute("RELEASE SAVEPOINT account")
        return ItemResult(ref, "duplicate" if outcome == "unchanged" else "applied")

    def count(self, line: int, result: ItemResult) -> None:
        self.tally[result.status] += 1
        if result.status == "rejected":
            # One line per row: a message over several lines (opening_hours' parser draws a caret
            # under the mistake) is joined, so each printed line starts with its `line L:`.
            self.report(f"line {line}: {result.code}: {' '.join(str(result.message).split())}")
        elif result.status == "stale":
            self.report(f"line {line}: stale: {STALE_MEANING}")

    def summary(self) -> str:
        return ", ".join(f"{s} {self.tally[s]}" for s in STATUSES)


def import_topup_points(db: Database, records: Iterator[tuple[int, Any]], importer: Importer) -> None:
    """The set is replaced as a whole, so it is read whole (the API takes it in one body too)."""
    lines, items, refused = [], [], []
    for line, item in records:
        if isinstance(item, BadRecord):
            refused.append((line, unreadable(item)))
            continue
        lines.append(line)
        items.append(item)
    good, bad = point_ingest.check_all(items)
    refused += [(lines[b.index], ItemResult(b.id, "rejected", b.code, b.message)) for b in bad]
    for line, result in sorted(refused, key=lambda refusal: refusal[0]):  # in the file's order
        importer.count(line, result)
    if importer.tally["rejected"] or not good:
        return  # nothing replaced
    key = lambda p: tuple(p.get(f) for f in points_store.FIELDS)  # noqa: E731
    with db.transaction(write=True) as tx:
        if sorted(map(key, points_store.all_points(tx))) == sorted(map(key, good)):
            importer.tally["duplicate"] += len(good)
            return
        point_ingest.replace(tx, good)
        importer.writer.audit(tx, "replace_topup_points", target=None, details={"points": len(good)}, now=now_s())
    importer.tally["applied"] += len(good)


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="budgetmeter-server import", description="Import operator data from a file.",
        epilog=formats_epilog(), formatter_class=argparse.RawDescriptionHelpFormatter,
    )  # fmt: skip
    parser.add_argument("kind", choices=KINDS, help="What the file holds; its columns are listed below")
    parser.add_argument("file", type=Path, help="CSV (header = field names) or JSON Lines")
    parser.add_argument("--database", help=database_help())
    parser.add_argument("--batch-size", type=int, default=5000, help="Records per transaction (at most 5000)")
    parser.add_argument(
        "--operator",
        default=DEFAULT_OPERATOR,
        help=f"The operator the data is written for, as its keys would (default: {DEFAULT_OPERATOR}); audited as the CLI",
    )
    return parser.parse_args(argv)


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    if not args.file.is_file():
        print(f"budgetmeter-server: no file {args.file}", file=sys.stderr)
        return 2
    if OPERATOR_NAME.fullmatch(args.operator) is None:
        print("budgetmeter-server: --operator is 1 to 64 of A-Z a-z 0-9 . _ -", file=sys.stderr)
        return 2
    settings = command_settings(args.database)
    # Accounts are stored with their Prepaid-code's keyed hash: no key, no import (SettingsError,
    # one line from server.cli.main).
    secret_key = settings.resolved_secret_key() if args.kind == "accounts" else None
    db = Database(settings.database)
    migrate(db)
    source = Source(args.file)
    csv_file = is_csv(args.file)
    progress = RowProgress(args.kind, args.file, header_lines=1 if csv_file else 0)
    report = progress.report
    importer = Importer(
        db, args.kind, report, secret_key, settings, args.operator
    )
    size = max(1, min(5000, args.batch_size))
    # A stop signal ends the import between batches: the batch under way commits, nothing is half
    # written, and running the same command again applies exactly what is missing.
    stop: list[int] = []
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda signum, _frame: stop.append(signum))
    try:
        with progress:
            records = csv_records(source, args.kind) if csv_file else jsonl_records(source)
            if args.kind == "accounts":
                records = account_groups(records)
            if args.kind == "topup-points":
                import_topup_points(db, records, importer)
            else:
                batch: list[tuple[int, Any]] = []
                for record in records:
                    batch.append(record)
                    if len(batch) >= size:
                        importer.batch(batch)
                        progress.done_up_to(batch[-1][0])
                        batch = []
                        if stop:
                            break
                if not stop:
                    importer.batch(batch)
            if not stop:
                progress.finished()
    except BadRecord as exc:  # the file as a whole cannot be read (e.g. a missing column)
        report(f"line {exc.line}: validation_error: {exc}; nothing was imported")
        print(importer.summary())
        return 1
    finally:
        source.close()
    print(importer.summary())
    if stop:
        report("stopped by a signal between batches; run the same import again for the rest")
        return 128 + stop[0]
    return 1 if importer.tally["rejected"] else 0
