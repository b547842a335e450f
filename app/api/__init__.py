"""HTTP client of the budgetmeter API: typed models, one exception tree, timeouts and retries.

No Flet here and no user-visible sentences: errors carry stable codes the UI translates.
"""

from .client import BudgetmeterClient
from .errors import (
    ApiError,
    BadResponse,
    Conflict,
    Forbidden,
    InvalidCredentials,
    NotFound,
    PayloadTooLarge,
    ServerError,
    ServerTimeout,
    ServerUnreachable,
    SessionExpired,
    TooManyAttempts,
    Unauthorized,
    UnknownPostalCode,
    ValidationFailed,
)

__all__ = [
    "ApiError",
    "BadResponse",
    "BudgetmeterClient",
    "Conflict",
    "Forbidden",
    "InvalidCredentials",
    "NotFound",
    "PayloadTooLarge",
    "ServerError",
    "ServerTimeout",
    "ServerUnreachable",
    "SessionExpired",
    "TooManyAttempts",
    "Unauthorized",
    "UnknownPostalCode",
    "ValidationFailed",
]
