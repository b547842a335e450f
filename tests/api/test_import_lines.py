"""What `budgetmeter-server import` says while it runs (issue 20): every rejected row and every stale
reading named by its line, in the file's order; a progress bar that counts rows, not bytes; `--help`
that lists each file format's columns; a reading too far in the future refused with a reason that
says so. Real processes on both stores."""

from __future__ import annotations

import json
import os
import pty
import re
import select
import subprocess
import sys
import time
from datetime import datetime, timedelta, timezone

from server.cli.import_formats import COLUMNS, KINDS

from .operator_helpers import ENV, ROOT, fresh_ean
from .test_import import READING_FIELDS, household, readings_for, run_import, summary, told, write_csv

STALE = "stale: older than this meter's newest reading: kept in its history only, the balance does not change"


def reading(el: str, n: int, read_at: datetime, **changes) -> str:
    return json.dumps({
        "event_id": f"lines-{el}-{n}", "ean": el, "read_at": read_at.isoformat(), "balance_cents": 900 - n,
        "emergency_credit_available_cents": 2000, "emergency_credit_in_use": False, "minimum_supply_active": False,
        **changes,
    })  # fmt: skip


def test_rejected_and_stale_lines_come_in_the_files_order(server, tmp_path) -> None:
    _, el, _ = household(tmp_path, server.database)
    now = datetime.now(timezone.utc)
    lines = [
        reading(el, 1, now - timedelta(hours=1)),
        reading(el, 2, now - timedelta(hours=2), ean=fresh_ean()),  # no such meter: read in the batch
        "{broken json",  # unreadable: known before the batch is written
        reading(el, 4, now - timedelta(hours=3)),  # older than line 1: stale
        reading(el, 5, now + timedelta(minutes=30)),
        reading(el, 6, now - timedelta(minutes=30)),
    ]
    path = tmp_path / "lines.jsonl"
    path.write_text("\n".join(lines) + "\n")
    result = run_import("readings", path, server.database)
    assert result.returncode == 1
    assert summary(result) == "applied 2, duplicate 0, stale 1, rejected 3"
    said = told(result)
    assert [line.split(":")[0] for line in said] == ["line 2", "line 3", "line 4", "line 5"], said
    assert said[0].startswith("line 2: not_found: ")
    assert said[1].startswith("line 3: validation_error: not a JSON line")
    assert said[2] == f"line 4: {STALE}"
    # Ten minutes ahead at most, and the reason says so with the server's clock to compare with.
    assert re.fullmatch(
        r"line 5: validation_error: read_at: more than 10 minutes in the future \(the server's clock said "
        r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+0[12]:00\); a time at most 10 minutes ahead is taken, a later one "
        r"is refused: send it again once that time has come",
        said[3],
    ), said[3]
    # The same file again: the stale reading is now a duplicate, nothing is named but the refusals.
    again = run_import("readings", path, server.database)
    assert summary(again) == "applied 0, duplicate 3, stale 0, rejected 3"
    assert [line.split(":")[0] for line in told(again)] == ["line 2", "line 3", "line 5"]


def test_bad_topup_points_come_in_the_files_order(server, tmp_path) -> None:
    point = {"id": "order-1", "name": "P", "kind": "ocmw", "address": "Straat 1", "postal_code": "9000", "lat": 51.05,
             "lon": 3.72, "opening_hours": "Mo-Fr 09:00-12:00"}
    path = tmp_path / "points.jsonl"
    path.write_text("\n".join([
        json.dumps(point),
        json.dumps({**point, "id": "order-2", "opening_hours": "whenever"}),  # refused when the set is checked
        "{broken json",  # refused when read
    ]) + "\n")  # fmt: skip
    result = run_import("topup-points", path, server.database)
    assert result.returncode == 1
    said = told(result)
    assert [line.split(":")[0] for line in said] == ["line 2", "line 3"], said


def test_help_lists_the_columns_of_every_file_format(server) -> None:
    shown = subprocess.run([sys.executable, "-m", "server", "import", "--help"], capture_output=True, text=True,
                           env=ENV, cwd=ROOT, timeout=60)  # fmt: skip
    assert shown.returncode == 0
    # Each kind's paragraph (wrapped lines joined) names every column it needs and may have.
    text = re.sub(r"\s+", " ", shown.stdout)
    for kind in KINDS:
        required, optional = COLUMNS[kind]
        start = text.index(f" {kind}: ")
        paragraph = text[start : start + 700]
        assert paragraph.startswith(f" {kind}: {', '.join(required)} ")
        if optional:
            assert f"optional: {', '.join(optional)}" in paragraph
    assert "at most 10 minutes after the server's clock" in text


ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def on_a_terminal(args: list[str]) -> tuple[int, str]:
    """Run with stderr on a pseudo-terminal (stdout a pipe, as `... > summary.txt`): what the terminal showed."""
    main, child = pty.openpty()
    env = {**ENV, "TERM": "xterm-256color", "COLUMNS": "120", "LINES": "40"}
    proc = subprocess.Popen(args, cwd=ROOT, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=child)
    os.close(child)
    shown = b""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        ready, _, _ = select.select([main], [], [], 0.2)
        if ready:
            try:
                chunk = os.read(main, 65536)
            except OSError:  # the child closed the terminal
                break
            if not chunk:
                break
            shown += chunk
        elif proc.poll() is not None:
            break
    os.close(main)
    proc.wait(30)
    return proc.returncode, ANSI.sub("", shown.decode("utf-8", "replace"))


def test_the_progress_bar_counts_rows(server, tmp_path) -> None:
    _, el, gas = household(tmp_path, server.database)
    rows = readings_for([el, gas], 30, datetime.now(timezone.utc) - timedelta(days=2))
    path = write_csv(tmp_path / "bar.csv", READING_FIELDS, rows)
    code, shown = on_a_terminal(
        [sys.executable, "-m", "server", "import", "readings", str(path), "--database", server.database, "--batch-size", "7"]
    )
    assert code == 0, shown
    # 60 rows under a header: the bar ends at 60 of 60 rows (not at the file's bytes).
    assert re.search(r"import readings .*\b60/60 rows\b", shown), shown
    assert not re.search(r"\d+(\.\d+)?/\d+(\.\d+)? ?(bytes|kB|MB)", shown), shown
