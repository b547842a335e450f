"""A staff member's daily digest settings as the staff Settings screen shows them (no Flet): the
address with its 6-digit code, and the daily time or off.

    digest = StaffDigest(staff)
    await digest.load()
    await digest.save("ilse@ocmw.example.be", "08:00", language="nl")   # a code is mailed
    await digest.verify("123456")

Actions never raise :class:`ApiError`: they set ``error`` (or ``verify_error``) and return False.
"""

from __future__ import annotations

from app.api import errors
from app.api.errors import ApiError
from app.api.staff_models import StaffAlertSettings
from app.clock import normalise_clock_time

from .caseload import _StaffCalls
from .staff import StaffSession, normalise_code



class StaffDigest(_StaffCalls):
    def __init__(self, staff: StaffSession) -> None:
        super().__init__()
        self._staff = staff
        self.settings: StaffAlertSettings | None = None
        self.loading = False
        self.error: ApiError | None = None
        self.verify_error: ApiError | None = None
        #: "saved", "code_sent", "off" or "verified" after the last successful action, for the screen to say.
        self.outcome: str | None = None

    async def load(self) -> bool:
        answer = await self._call(lambda api: api.staff_alert_settings())
        if answer is None:
            return False
        self.settings = answer
        return True

    async def save(self, email: str, digest_time: str | None, *, language: str, immediate_signals: bool | None = None) -> bool:
        """`digest_time` None: no digest (the address is kept for later, or cleared when empty).
        `immediate_signals`: a mail at once for a client's new supply signal (issue 21); None: as before."""
        address = email.strip() or None
        chosen = None
        if digest_time is not None:
            chosen = normalise_clock_time(digest_time)
            if chosen is None:
                self.error = errors.ValidationFailed("digest_time", field="digest_time", reason="format")
                return False
            if address is None:
                self.error = errors.ValidationFailed("email", field="email", reason="missing")
                return False
        before = self.settings
        answer = await self._call(lambda api: api.save_staff_alert_settings(address, chosen, language, immediate_signals))
        if answer is None:
            return False
        new_address = address is not None and (before is None or (before.email or "").lower() != address.lower())
        with self.changes():
            self.settings = answer
            self.verify_error = None
            if answer.email and not answer.email_verified and new_address:
                self.outcome = "code_sent"
            else:
                self.outcome = "saved" if answer.digest_time else "off"
        return True

    async def verify(self, code: str) -> bool:
        typed = normalise_code(code)
        if typed is None:
            with self.changes():
                self.verify_error = errors.ValidationFailed("code", field="code", reason="format")
            return False
        answer = await self._call(lambda api: api.verify_staff_alert_email(typed))
        if answer is None:
            with self.changes():
                self.verify_error, self.error = self.error, None
            return False
        with self.changes():
            self.settings, self.verify_error, self.outcome = answer, None, "verified"
        return True
