"""Which language the app speaks: the user's explicit choice, else the account's, else the device's.

The explicit choice is a stored preference (``language``); the rest is a pure function.
"""

from __future__ import annotations

SUPPORTED = ("nl", "fr", "de", "en")
DEFAULT = "nl"  # nl first: most users are Flemish; then fr, en, de
LANGUAGE_KEY = "language"


def language_of_locale(locale: str | None) -> str | None:
    """"fr_BE", "fr-BE", "fr_BE.UTF-8", "FR" -> "fr"; unsupported or empty -> None."""
    if not locale:
        return None
    base = locale.replace("-", "_").split(".")[0].split("@")[0].split("_")[0].strip().lower()
    return base if base in SUPPORTED else None


def choose_language(
    device_locale: str | None = None,
    account_language: str | None = None,
    explicit_choice: str | None = None,
) -> str:
    """Explicit choice > account language (``me.language``) > device locale > Dutch."""
    for candidate in (explicit_choice, account_language, device_locale):
        language = language_of_locale(candidate)
        if language:
            return language
    return DEFAULT


async def load_language_choice(prefs) -> str | None:
    value = await prefs.get(LANGUAGE_KEY)
    return value if value in SUPPORTED else None


async def save_language_choice(prefs, language: str | None) -> None:
    """Keep the user's explicit choice; None forgets it (back to account/device)."""
    if language is None:
        await prefs.delete(LANGUAGE_KEY)
        return
    if language not in SUPPORTED:
        raise ValueError(f"unsupported language {language!r}")
    await prefs.set(LANGUAGE_KEY, language)
