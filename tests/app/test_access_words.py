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


@pytest.mark.parametrize(("language", "acknowledged", "resolved"), [
    ("nl", "Sam Peeters (OCMW Gent) zag de melding over uw meter en volgt ze op (notitie: “Ik bel u morgen”)",
     "Sam Peeters (OCMW Gent) heeft de melding over uw meter afgehandeld"),
    ("fr", "Sam Peeters (OCMW Gent) a vu l'alerte concernant votre compteur et s'en occupe (note : « Ik bel u morgen »)",
     "Sam Peeters (OCMW Gent) a clôturé l'alerte concernant votre compteur"),
    ("de", "Sam Peeters (OCMW Gent) hat die Meldung zu Ihrem Zähler gesehen und kümmert sich darum (Notiz: „Ik bel u morgen“)",
     "Sam Peeters (OCMW Gent) hat die Meldung zu Ihrem Zähler abgeschlossen"),
    ("en", "Sam Peeters (OCMW Gent) saw the warning about your meter and is following it up (note: “Ik bel u morgen”)",
     "Sam Peeters (OCMW Gent) marked the warning about your meter as dealt with"),
])
def test_a_signal_follow_up_says_who_and_their_note(language, acknowledged, resolved) -> None:
    """Issue 21: the household sees who followed up a supply signal about its meter, and their note."""
    t = Translator(language)
    seen = AccessLogEntry(at=AT, actor="staff", method="signal_acknowledged", helper_name="Sam Peeters",
                          helper_organisation="OCMW Gent", verified=True, note="Ik bel u morgen")
    done = AccessLogEntry(at=AT, actor="staff", method="signal_resolved", helper_name="Sam Peeters",
                          helper_organisation="OCMW Gent", verified=True)
    assert visit_text(t, seen).endswith(acknowledged)
    assert visit_text(t, done).endswith(resolved)
