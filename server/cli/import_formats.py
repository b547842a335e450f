"""The file formats `budgetmeter-server import` reads, and how `import --help` lists their columns.

One owner for each kind's columns: the ingest modules name the fields (the same as the API's), this
module says which of them a file must and may have; the reader (server.cli.import_files) checks a CSV
header against them and the help lists them (issue 20: `import --help` listed no columns)."""

from __future__ import annotations

import textwrap

from ..services.ingest import accounts as account_ingest
from ..services.ingest import fields
from ..services.ingest import readings as reading_ingest
from ..services.ingest import topup_points as point_ingest
from ..services.ingest import topups as topup_ingest

KINDS = ("accounts", "readings", "topups", "topup-points")
ACCOUNT_COLUMNS = ("account_ref", "display_name", "postal_code", "language", "prepaid_code")
METER_COLUMNS = account_ingest.METER_REQUIRED + account_ingest.METER_OPTIONAL
# Columns each kind needs, and columns it may have.
COLUMNS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "readings": (reading_ingest.FIELDS, ()),
    "topups": (topup_ingest.REQUIRED, topup_ingest.OPTIONAL),
    "accounts": (("account_ref", "display_name", "postal_code", "language", "ean", "energy", "emergency_credit_limit_cents"), ("prepaid_code", "negative_credit_limit_cents")),
    "topup-points": (point_ingest.REQUIRED, point_ingest.OPTIONAL),
}  # fmt: skip

# What a value looks like, where the name does not say it.
_NOTES = {
    "readings": (
        "read_at: ISO 8601 with offset, e.g. 2026-11-28T10:00:00+01:00, at most 10 minutes after the "
        "server's clock (a later one is rejected); *_cents: whole cents; the last two: true or false. A "
        "reading older than the meter's newest one is `stale`: kept in its history, the balance stays."
    ),
    "topups": (
        f"amount_cents > 0; loaded_at: ISO 8601 with offset, at most 10 minutes ahead; channel: "
        f"{'/'.join(topup_ingest.CHANNELS)}; pending_topup_id: a helper's prepared top-up it loads."
    ),
    "accounts": (
        f"one row per meter, the rows of one account one after the other; language: "
        f"{'/'.join(fields.LANGUAGES)}; energy: {'/'.join(fields.ENERGIES)}; prepaid_code: 10 digits, "
        "kept when empty. JSON Lines: one account per line with a `meters` list."
    ),
    "topup-points": (
        f"kind: {'/'.join(point_ingest.KINDS)}; opening_hours: OSM opening_hours; the file replaces the "
        "whole set, and nothing is replaced when one point is wrong."
    ),
}


def _wrapped(text: str, *, indent: str, then: str) -> str:
    return textwrap.fill(text, width=100, initial_indent=indent, subsequent_indent=then, break_on_hyphens=False)


def formats_epilog() -> str:
    lines = [
        "file formats: CSV with a header of these columns (in any order), or JSON Lines with the same",
        "field names, one object per line. An empty CSV cell is an absent field.",
    ]
    for kind in KINDS:
        required, optional = COLUMNS[kind]
        lines.append("")
        lines.append(_wrapped(f"{kind}: {', '.join(required)}", indent="  ", then="      "))
        if optional:
            lines.append(_wrapped(f"optional: {', '.join(optional)}", indent="    ", then="      "))
        lines.append(_wrapped(_NOTES[kind], indent="    ", then="    "))
    lines += [
        "",
        "Rejected rows and stale readings are printed on stderr, in file order, as `line L: <code>: <message>`;",
        "the last line is `applied N, duplicate N, stale N, rejected N`; the exit status is 1 when a row was",
        "rejected. Running the same file again changes nothing.",
    ]
    return "\n".join(lines)
