"""The settings of a `budgetmeter-server` command, and the one line on stderr that says which database
it uses: the store a command writes to is never a guess (issue 20)."""

from __future__ import annotations

import sys
from typing import Any

from pydantic import ValidationError

from ..core.database_path import announcement
from ..core.security import use_password_hashing
from ..core.settings import Settings, SettingsError


def command_settings(database_argument: str | None, *, announce: bool = True, **overrides: Any) -> Settings:
    """`announce=False`: the caller says it itself, in its log (the serving process, whose stderr lines
    are JSON with BUDGETMETER_LOG_FORMAT=json, and whose refusals to start are one line each)."""
    try:
        settings = Settings(**({"database": database_argument} if database_argument else {}), **overrides)
    except ValidationError as exc:
        raise SettingsError(unusable_setting(exc)) from None
    use_password_hashing(settings.password_hashing)  # `org create` hashes its administrator's password
    if announce:
        print(announcement(settings.database, database_argument), file=sys.stderr, flush=True)
    return settings


def unusable_setting(exc: ValidationError) -> str:
    """One sentence naming the BUDGETMETER_* variable and what it must be, not pydantic's traceback.
    The value itself is left out: the variable may be one of the secrets."""
    first = exc.errors()[0]
    name = "BUDGETMETER_" + "_".join(str(part) for part in first["loc"]).upper()
    return f"{name} is not usable: {first['msg']}."
