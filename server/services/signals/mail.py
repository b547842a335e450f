"""The household's mail for a supply signal: what happened, and what to do now (issue 21): the
top-up needed back to full supply, the nearest top-up point open now, the organisations that hold its
mandate, and its minimum-supply rights. Worded by the mail sender from the notification, like alerts."""

from __future__ import annotations

from typing import Any

from ..alerts import words
from ..alerts.mail import Mail, _html
from ...core.clock import to_brussels
from ..geo.index import TopupPointIndex
from ..geo.postcodes import lookup_postcode


def nearest_open_point(index: TopupPointIndex | None, postal_code: str, *, now: int):
    """The nearest top-up point open now to the household's postcode, or None."""
    place = lookup_postcode(postal_code) if postal_code else None
    if index is None or place is None:
        return None
    found = index.nearest(place.lat, place.lon, limit=1, at=to_brussels(now), open_only=True)
    return found[0][0] if found else None


def signal_mail(facts: dict[str, Any], *, organisations: list[str], point: Any) -> Mail:
    language = words.language_of(facts["language"])
    values = words.alert_values(language, energy=facts["energy"], balance_cents=int(facts["balance_cents"]),
                                days_left=None, amount_cents=None, topup_needed_cents=facts["topup_needed_cents"])
    kind = facts["kind"]
    paragraphs = [words.word(language, "greeting", name=facts["display_name"]), words.body(language, kind, values)]
    if point is not None:
        paragraphs.append(words.word(language, "signal.point", name=point.name, address=point.address,
                                     municipality=point.municipality))
    else:
        paragraphs.append(words.word(language, "signal.no_point"))
    if organisations:
        paragraphs.append(words.word(language, "signal.organisations", organisations=", ".join(organisations)))
    else:
        paragraphs.append(words.word(language, "signal.no_organisations"))
    paragraphs.append(words.word(language, "signal.rights", **values))
    paragraphs.append(words.word(language, "closing"))
    return Mail(subject=words.title(language, kind, values), text="\n\n".join(paragraphs) + "\n", html=_html(paragraphs))
