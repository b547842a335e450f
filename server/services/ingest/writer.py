"""Who writes operator data: an operator, through one of its keys (the API) or the file import (the
command line). Every write names it: the account it creates belongs to that operator, the audit
records it (server.store.operator_audit), and a household whose Prepaid-code it changes sees it in
its access log."""

from __future__ import annotations

from dataclasses import dataclass

from ...store import operator_audit
from ...store.db import Transaction

# What the household's access log names when the file import changed its Prepaid-code (key names are
# [A-Za-z0-9._-], so this can be no key's).
CLI_NAME = "budgetmeter-server import"


@dataclass(frozen=True)
class Writer:
    operator: str
    via: str  # "api" (key_name: the key's name) or "cli" (the file import: no key)
    key_name: str | None = None

    @property
    def name(self) -> str:
        return self.key_name if self.key_name is not None else CLI_NAME

    def audit(self, tx: Transaction, operation: str, *, target: str | None, details: dict[str, int], now: int) -> None:
        operator_audit.record(
            tx,
            operator=self.operator,
            via=self.via,
            key_name=self.key_name,
            operation=operation,
            target=target,
            details=details,
            at=now,
        )
