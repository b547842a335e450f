"""The progress bar of `budgetmeter-server import` on a terminal, in rows of the file (issue 20: it
counted bytes, which tell an operator nothing about their 40,000 readings), and the lines the import
prints while it runs, above the bar and in order."""

from __future__ import annotations

import sys
from pathlib import Path
from types import TracebackType

CHUNK = 1 << 20


def count_lines(path: Path) -> int:
    """The file's lines (a last line without a newline counts too), read in chunks: one quick pass
    before the import, only when a bar is shown."""
    lines, last = 0, b"\n"
    with path.open("rb") as f:
        while chunk := f.read(CHUNK):
            lines += chunk.count(b"\n")
            last = chunk[-1:]
    return lines + (last != b"\n")


class RowProgress:
    """`import readings ━━━━━━━━━━━━━━ 1,200/40,000 rows 0:00:12` on stderr when it is a terminal;
    nothing otherwise (cron, a pipe, tests). A CSV's header is no row."""

    def __init__(self, kind: str, path: Path, *, header_lines: int, interactive: bool | None = None) -> None:
        self.interactive = sys.stderr.isatty() if interactive is None else interactive
        self.header_lines = header_lines
        self._bar = None
        if self.interactive:
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

            self._bar = Progress(
                TextColumn(f"import {kind}"), BarColumn(), MofNCompleteColumn(), TextColumn("rows"),
                TimeRemainingColumn(), console=Console(stderr=True),
            )  # fmt: skip
            self._task = self._bar.add_task("import", total=max(0, count_lines(path) - header_lines))

    def __enter__(self) -> RowProgress:
        if self._bar is not None:
            self._bar.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None) -> None:
        if self._bar is not None:
            self._bar.stop()

    def done_up_to(self, line: int) -> None:
        """Every row up to this line of the file has been taken in."""
        if self._bar is not None:
            self._bar.update(self._task, completed=max(0, line - self.header_lines))

    def finished(self) -> None:
        if self._bar is not None:
            self._bar.update(self._task, completed=self._bar.tasks[0].total)

    def report(self, text: str) -> None:
        """A line on stderr, above the bar while there is one."""
        if self._bar is not None:
            self._bar.console.print(text, markup=False, highlight=False, soft_wrap=True)
        else:
            print(text, file=sys.stderr)
