"""Issue 20: a caseload row shows one meter, the household's most urgent, whole: its status, balance,
days and energy. Youssef's row used to show "Minimale levering" (his gas) beside € -3,20 (his
electricity) and "-" days."""

from __future__ import annotations

from datetime import datetime, timezone

from app.api.staff_models import CaseloadClient
from app.i18n import Translator
from app.state.caseload import row_meter, sort_key
from app.views.caseload import balance_text, days_text, urgency_label

NOW = datetime.now(timezone.utc).isoformat()


def client(name: str, *meters: tuple[str, int, str, int], urgency: str | None = None) -> CaseloadClient:
    return CaseloadClient.model_validate({
        "client_id": hash(name) % 1000, "display_name": name, "postal_code": "2000", "prepaid_code_masked": "**** **** 66",
        "urgency": urgency, "open_pending_topups": 0, "new_alerts": 0,
        "meters": [{"ean": f"54144800000020200{i}", "energy": e, "balance_cents": b, "status": s, "estimated_days_left": d,
                    "updated_at": NOW} for i, (e, b, s, d) in enumerate(meters)],
    })


# As an older server sent him: electricity first.
YOUSSEF = client("Youssef El Amrani", ("electricity", -320, "emergency_credit", 6), ("gas", 0, "minimum_supply", 0),
                 urgency="minimum_supply")
SOPHIE = client("Sophie Dubois", ("electricity", 805, "supplying", 2), urgency="supplying")
MIXED = client("Mixed", ("electricity", 2000, "supplying", 9), ("gas", 300, "supplying", 1), urgency="supplying")


def test_the_row_is_the_most_urgent_meter() -> None:
    t = Translator("nl")
    assert row_meter(YOUSSEF).energy == "gas"
    assert urgency_label(t, YOUSSEF) == "Gas: Minimale levering"
    assert balance_text(t, YOUSSEF).replace("\u00a0", " ") == "€ 0,00"
    assert days_text(t, YOUSSEF) == "–"  # minimum supply: no days to count, and no other meter's
    # Among supplying meters, the one with the fewest days: its balance beside its days.
    assert row_meter(MIXED).energy == "gas"
    assert (balance_text(t, MIXED).replace("\u00a0", " "), days_text(t, MIXED)) == ("€ 3,00", "nog 1 dag")
    assert urgency_label(t, SOPHIE) == "Elektriciteit: Levert energie"


def test_sorting_by_balance_and_days_uses_the_row_meter() -> None:
    assert sort_key("balance")(YOUSSEF) == 0 and sort_key("days_left")(YOUSSEF) == 0
    assert sort_key("balance")(MIXED) == 300 and sort_key("days_left")(MIXED) == 1
