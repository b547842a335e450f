"""App state and logic in plain Python (no Flet): session, saved client profiles, cache, inputs.

Every state object is observable: ``unsubscribe = obj.subscribe(callback)``; ``callback(obj)`` runs
after each change.
"""

from .cache import BalanceCache, CachedData
from .inputs import (
    MAX_TOPUP_CENTS,
    MIN_TOPUP_CENTS,
    format_prepaid_code_as_typed,
    is_complete_prepaid_code,
    is_valid_postcode,
    mask_prepaid_code,
    normalise_postcode,
    normalise_prepaid_code,
    parse_amount_cents,
)
from .language import SUPPORTED as SUPPORTED_LANGUAGES
from .language import choose_language, language_of_locale
from .observable import Observable
from .payments import PendingTopupDraft
from .profiles import BalanceSummary, ClientProfile, ProfileStore
from .session import Session, Superseded

__all__ = [
    "BalanceCache",
    "BalanceSummary",
    "CachedData",
    "ClientProfile",
    "MAX_TOPUP_CENTS",
    "MIN_TOPUP_CENTS",
    "Observable",
    "PendingTopupDraft",
    "ProfileStore",
    "SUPPORTED_LANGUAGES",
    "Session",
    "Superseded",
    "choose_language",
    "format_prepaid_code_as_typed",
    "is_complete_prepaid_code",
    "is_valid_postcode",
    "language_of_locale",
    "mask_prepaid_code",
    "normalise_postcode",
    "normalise_prepaid_code",
    "parse_amount_cents",
]
