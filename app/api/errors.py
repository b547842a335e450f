"""One exception tree for everything that can go wrong talking to the API.

Every error carries a stable machine ``code`` that the UI translates; nothing here is a sentence meant
for the user. ``detail`` is for developers (logs, tests) and never holds tokens, passwords or
Prepaid-codes. Extra data travels as attributes (``retry_after``, ``field``, ``reason``, ``status``).

    ApiError                      code
    ├── InvalidCredentials        invalid_credentials
    ├── TooManyAttempts           too_many_attempts        .retry_after (seconds)
    ├── ValidationFailed          validation_error         .field, .reason
    │   └── UnknownPostalCode     unknown_postal_code
    ├── NotFound                  not_found
    ├── Unauthorized              unauthorized             (401 without a token)
    │   └── SessionExpired        session_expired          (401 on a call that sent a token)
    ├── Forbidden                 forbidden
    ├── Conflict                  conflict
    ├── PayloadTooLarge           payload_too_large
    ├── ServerUnreachable         server_unreachable       (connection refused, DNS, reset)
    ├── ServerTimeout             timeout
    ├── ServerError               server_error             (5xx)
    └── BadResponse               bad_response             (not JSON, wrong shape)

``ApiError.offline`` is True for the errors after which the app keeps showing cached data
(unreachable, timeout, 5xx, garbage); ``retryable`` says whether trying again later may help.
"""

from __future__ import annotations


class ApiError(Exception):
    code: str = "api_error"
    #: The app may keep showing cached data and try again later.
    offline: bool = False
    #: Trying the same request again later may succeed.
    retryable: bool = False

    def __init__(
        self,
        detail: str | None = None,
        *,
        status: int | None = None,
        code: str | None = None,
        server_code: str | None = None,
    ) -> None:
        if code is not None:
            self.code = code
        self.detail = detail or self.code
        self.status = status
        #: The ``error.code`` of the server's envelope, when there was one.
        self.server_code = server_code
        super().__init__(self.detail)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(code={self.code!r}, status={self.status!r})"


class InvalidCredentials(ApiError):
    code = "invalid_credentials"


class TooManyAttempts(ApiError):
    code = "too_many_attempts"
    retryable = True
    #: Used when the server gave no usable Retry-After header.
    DEFAULT_RETRY_AFTER = 60

    def __init__(self, detail: str | None = None, *, retry_after: int | None = None, **kw) -> None:
        super().__init__(detail, **kw)
        self.retry_after: int = retry_after if retry_after is not None else self.DEFAULT_RETRY_AFTER


class ValidationFailed(ApiError):
    """The request (or local input) was refused. ``field`` names the input when known
    ("prepaid_code", "postal_code", "amount", ...); ``reason`` is a stable sub-code for local checks
    ("format", "incomplete", "too_small", "too_large")."""

    code = "validation_error"

    def __init__(
        self, detail: str | None = None, *, field: str | None = None, reason: str | None = None, **kw
    ) -> None:
        super().__init__(detail, **kw)
        self.field = field
        self.reason = reason


class UnknownPostalCode(ValidationFailed):
    code = "unknown_postal_code"


class NotFound(ApiError):
    code = "not_found"


class Unauthorized(ApiError):
    code = "unauthorized"


class SessionExpired(Unauthorized):
    """A call with a token got 401: the token expired (idle or absolute) or was revoked."""

    code = "session_expired"


class Forbidden(ApiError):
    code = "forbidden"


class Conflict(ApiError):
    code = "conflict"


class PayloadTooLarge(ApiError):
    code = "payload_too_large"


class ServerUnreachable(ApiError):
    code = "server_unreachable"
    offline = True
    retryable = True


class ServerTimeout(ApiError):
    code = "timeout"
    offline = True
    retryable = True


class ServerError(ApiError):
    code = "server_error"
    offline = True
    retryable = True


class BadResponse(ApiError):
    code = "bad_response"
    offline = True
    retryable = True


#: The server's envelope codes for 4xx answers, mapped to our classes.
BY_SERVER_CODE: dict[str, type[ApiError]] = {
    "invalid_credentials": InvalidCredentials,
    "too_many_attempts": TooManyAttempts,
    "validation_error": ValidationFailed,
    "unknown_postal_code": UnknownPostalCode,
    "not_found": NotFound,
    "unauthorized": Unauthorized,
    "forbidden": Forbidden,
    "conflict": Conflict,
    "payload_too_large": PayloadTooLarge,
}

#: When an error answer has no (known) envelope code: by HTTP status.
BY_STATUS: dict[int, type[ApiError]] = {
    400: ValidationFailed,
    401: Unauthorized,
    403: Forbidden,
    404: NotFound,
    409: Conflict,
    413: PayloadTooLarge,
    422: ValidationFailed,
    429: TooManyAttempts,
}

__all__ = [
    "ApiError",
    "BadResponse",
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
