"""Issue 20: the v1 helper log-in (a Prepaid-code and a typed name, seed 000, Vraag 8) reads as what it is,
someone with the household's Prepaid-code who gave a name, never like a staff member the server knows."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from app.api.models import AccessLogEntry
from app.i18n import Translator
from app.words.access import visit_text

AT = datetime(2026, 11, 20, 14, 5, tzinfo=timezone.utc)
TYPED = AccessLogEntry(at=AT, actor="prepaid_code", method="prepaid", said_to_be={"name": "Jan", "organisation": "OCMW Gent"},
                       verified=False)
STAFF = AccessLogEntry(at=AT, actor="staff", method="caseload", helper_name="Sam Peeters", helper_organisation="OCMW Gent",
                       verified=True)


@pytest.mark.parametrize(("language", "typed"), [
    ("nl", "Iemand met uw Prepaid-code (noemde zich Jan, OCMW Gent)"),
    ("fr", "Quelqu'un avec votre code Prepaid (s'est présenté comme Jan, OCMW Gent)"),
    ("de", "Jemand mit Ihrem Prepaid-Code (nannte sich Jan, OCMW Gent)"),
    ("en", "Someone with your Prepaid-code (called themselves Jan, OCMW Gent)"),
])
def test_a_typed_name_is_said_as_typed(language, typed) -> None:
    t = Translator(language)
    assert visit_text(t, TYPED).endswith(typed)
    assert visit_text(t, STAFF).endswith("Sam Peeters (OCMW Gent)")
    assert "Jan (OCMW Gent)" not in visit_text(t, TYPED)  # never worded like the staff member's entry
