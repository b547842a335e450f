"""The screens' state on the app model (app/state/screens.py, app/ui/app_model.py): typed, made once
per app session, and keyed by what it depends on, so one staff member never sees another's caseload and
one client's winter support is not shown for the next."""

from __future__ import annotations

from app.api.staff_models import StaffMe
from app.state.caseload import Caseload, ClientFile
from app.state.screens import MemberScreens, PerKey
from app.ui.app_model import AppModel


def member(username: str) -> StaffMe:
    return StaffMe(username=username, display_name=username.title(), organisation="OCMW Gent", is_admin=False)


def test_each_staff_member_has_screens_of_their_own() -> None:
    model = AppModel("http://127.0.0.1:9")
    assert model.staff is model.staff  # one staff session per app session
    model.staff.me = member("ilse")
    ilse = model.member
    assert isinstance(ilse, MemberScreens) and model.member is ilse
    assert isinstance(ilse.caseload, Caseload) and ilse.caseload is model.member.caseload
    assert ilse.client_file(7) is ilse.client_file(7) and ilse.client_file(7) is not ilse.client_file(8)
    assert isinstance(ilse.client_file(7), ClientFile)

    model.staff.me = member("koen")
    koen = model.member
    assert koen is not ilse and koen.caseload is not ilse.caseload and koen.team is not ilse.team
    assert koen.signals is not ilse.signals and koen.digest is not ilse.digest
    assert koen.winter_desk is not ilse.winter_desk and koen.client_file(7) is not ilse.client_file(7)

    model.staff.me = member("ilse")  # back in the same tab: her screens as she left them
    assert model.member is ilse


def test_the_household_screens_are_made_once_per_session() -> None:
    model = AppModel("http://127.0.0.1:9")
    assert model.topup_search is model.topup_search and model.eligibility is model.eligibility
    assert model.points_map is model.points_map and model.server_mail is model.server_mail
    assert model.winter_period is model.winter_period and model.account_access is model.account_access
    assert model.alerts is model.alerts and model.winter_support is model.winter_support
    assert model.balance_history("541448820000000011") is model.balance_history("541448820000000011")
    assert model.balance_history("541448820000000011") is not model.balance_history("541448820000000028")


def test_per_key_makes_one_object_per_key() -> None:
    made: list[str] = []
    per_key: PerKey[str, list[str]] = PerKey(lambda key: made.append(key) or [key])
    assert per_key("a") is per_key("a") and per_key("b") == ["b"]
    assert made == ["a", "b"]
