"""Layout of the logged-in screens: guards the login, draws the navigation (a bottom bar on a phone, a
rail on a wide window) and the current screen beside or above it."""

from __future__ import annotations

import flet as ft

from app.ui.alerts import Bell
from app.ui.context import go, use_model
from app.ui.theme import WIDE
from app.ui.viewport import use_page_width
from app.views.phone_navigation import PhoneNavigation
from app.widgets.notice import notice
from app.words.messages import storage_problem_text


def destinations(model) -> list[tuple[str, ft.IconData, ft.IconData, str]]:
    t = model.t
    items = [
        ("/", ft.Icons.HOME_OUTLINED, ft.Icons.HOME, t.gettext("Home")),
        ("/pay", ft.Icons.EURO_OUTLINED, ft.Icons.EURO, t.gettext("Top up")),
        ("/topup-points", ft.Icons.PLACE_OUTLINED, ft.Icons.PLACE, t.gettext("Top-up points")),
        ("/tariff", ft.Icons.SAVINGS_OUTLINED, ft.Icons.SAVINGS, t.gettext("Tariff")),
    ]
    if model.shows_clients:
        items.append(("/clients", ft.Icons.PEOPLE_OUTLINE, ft.Icons.PEOPLE, t.gettext("Clients")))
    items.append(("/settings", ft.Icons.SETTINGS_OUTLINED, ft.Icons.SETTINGS, t.gettext("Settings")))
    return items


#: A phone's bottom bar holds at most this many destinations: a sixth leaves each label less room than
#: its words need even at 100 % text ("Oplaadpunten" needs 76 px, a sixth of 412 px is 68), and a bar
#: without labels is a row of riddles (issue 20: a helper saw six unlabelled icons).
PHONE_MAX = 5


def phone_destinations(items: list) -> list:
    """The bar's destinations on a phone: a helper's Clients leaves the bar, reached from the banner
    above every screen ("Switch client") and highlighted under Settings, where saved clients are kept."""
    if len(items) <= PHONE_MAX:
        return items
    return [item for item in items if item[0] != "/clients"][:PHONE_MAX]


#: On a phone, screens of destinations the bar leaves out, highlighted under the one that holds them.
PHONE_PARENT_ROUTES = {"/clients": "/settings"}


#: Screens anyone may open without logging in (public endpoints, or no server at all).
PUBLIC_ROUTES = ("/topup-points", "/eligibility", "/know", "/accessibility", "/demo-mailbox")
#: Screens reached from another one, highlighted under that one's navigation entry.
PARENT_ROUTES = {"/eligibility": "/tariff", "/know": "/", "/accessibility": "/settings", "/account-access": "/settings",
                 "/notifications": "/", "/winter-support": "/settings"}


def is_public(location: str) -> bool:
    return any(location == r or location.startswith(r + "/") for r in PUBLIC_ROUTES)


def selected_index(items, location: str) -> int:
    routes = {route for route, *_rest in items}
    for prefix, parent in {**PARENT_ROUTES, **PHONE_PARENT_ROUTES}.items():
        if prefix in routes:
            continue  # a destination of its own here
        if location == prefix or location.startswith(prefix + "/"):
            location = parent
    for i, (route, *_rest) in reversed(list(enumerate(items))):
        if route != "/" and location.startswith(route):
            return i
    return 0


def public_frame(model, outlet) -> ft.Control:
    """A public screen opened without logging in: a bar with the way back to the login and a language
    choice, then the screen."""
    from app.i18n import LANGUAGE_NAMES

    t = model.t

    async def set_language(e: ft.Event[ft.PopupMenuItem]):
        await model.session.set_language(e.control.data)

    bar = ft.Container(
        bgcolor=ft.Colors.SURFACE_CONTAINER,
        padding=ft.Padding.symmetric(horizontal=8, vertical=4),
        content=ft.Row(
            [
                ft.TextButton(t.gettext("Log in"), icon=ft.Icons.ARROW_BACK, on_click=lambda: go("/login")),
                ft.Container(expand=True),
                ft.PopupMenuButton(
                    icon=ft.Icon(ft.Icons.LANGUAGE, semantics_label=t.gettext("Language")),
                    tooltip=t.gettext("Language"),
                    items=[
                        ft.PopupMenuItem(content=ft.Text(name), data=code, on_click=set_language, checked=code == t.language)
                        for code, name in LANGUAGE_NAMES.items()
                    ],
                ),
            ]
        ),
    )
    return ft.SafeArea(expand=True, content=ft.Column([bar, ft.Container(content=outlet, expand=True)], expand=True, spacing=0))


#: Semantics identifiers of the two navigations (``flt-semantics-identifier`` in the web client's
#: DOM): the layout switches between them on the server's answer to a resize, a round trip after the
#: browser resized, so tests wait for the one that fits the window before they click (tests/e2e/harness.py).
NAV_BAR = "navigation-bar"
NAV_RAIL = "navigation-rail"


def _navigation(identifier: str, control: ft.Control) -> ft.Control:
    return ft.Semantics(identifier=identifier, container=True, content=control)


def use_width() -> float:
    return use_page_width()  # app/ui/viewport.py: one resize handler, shared with other screens


def frame_of(model) -> tuple:
    """What the frame around the screens shows: it is redrawn when this changes, not on every
    change of the session (a balance refresh redraws the screen inside, not the navigation)."""
    if not model.logged_in:
        return (False, model.language)
    profile = model.session.current
    return (
        True,
        model.language,
        model.shows_clients,
        profile.id,
        profile.helper_name,
        profile.display_name,
        model.storage_problem,
    )


@ft.component
def Shell():
    model = use_model(frame_of)
    t = model.t
    width = use_width()
    location = ft.use_route_location()
    outlet = ft.use_route_outlet()

    public = is_public(location)

    def guard():
        if not model.logged_in and not public:
            go("/login")

    ft.use_effect(guard, [model.logged_in, public])
    if not model.logged_in:
        return public_frame(model, outlet) if public else ft.Container(expand=True)

    items = destinations(model)
    index = selected_index(items, location)

    def on_change(e: ft.Event):
        go(items[int(e.control.selected_index)][0])

    profile = model.session.current
    wide = width >= WIDE
    phone_items = items if wide else phone_destinations(items)
    header = None
    if profile is not None and profile.helper_name:
        header = ft.Container(
            bgcolor=ft.Colors.SECONDARY_CONTAINER,
            padding=ft.Padding.symmetric(horizontal=16, vertical=8),
            content=ft.Row(
                [
                    ft.Icon(ft.Icons.SUPPORT_AGENT, color=ft.Colors.ON_SECONDARY_CONTAINER, size=20),
                    ft.Text(
                        t.gettext("Helping {client}").format(client=profile.display_name),
                        color=ft.Colors.ON_SECONDARY_CONTAINER,
                        weight=ft.FontWeight.W_500,
                        expand=True,
                    ),
                    ft.TextButton(t.gettext("Switch client"), on_click=lambda: go("/clients")),
                ],
            ),
        )
    elif len(phone_items) < len(items):
        # Saved clients but none being helped now: the way to them, as the bar no longer holds it.
        header = ft.Container(
            padding=ft.Padding.symmetric(horizontal=8, vertical=0),
            content=ft.Row([ft.TextButton(t.gettext("Clients"), icon=ft.Icons.PEOPLE_OUTLINE, on_click=lambda: go("/clients"))]),
        )
    storage = notice(storage_problem_text(t, model.storage_problem), icon=ft.Icons.SD_CARD_ALERT)
    # The bell with the unread alerts (app/ui/alerts.py), at the top right of every logged-in screen.
    bell = ft.Container(
        padding=ft.Padding.only(right=12, top=4), content=ft.Row([Bell(model)], alignment=ft.MainAxisAlignment.END, height=44)
    )
    body = ft.Column(
        [c for c in (storage, header, bell, ft.Container(content=outlet, expand=True)) if c is not None],
        expand=True,
        spacing=0,
    )
    if wide:
        rail = ft.NavigationRail(
            selected_index=index,
            label_type=ft.NavigationRailLabelType.ALL,
            min_width=96,
            group_alignment=-0.9,
            leading=ft.Container(
                padding=ft.Padding.only(top=16, bottom=8),
                content=ft.Icon(ft.Icons.ELECTRIC_METER, size=32, color=ft.Colors.PRIMARY, semantics_label=t.gettext("Budget meter")),
            ),
            destinations=[
                ft.NavigationRailDestination(icon=icon, selected_icon=sel, label=label) for _, icon, sel, label in items
            ],
            on_change=on_change,
        )
        return ft.SafeArea(
            expand=True,
            content=ft.Row([_navigation(NAV_RAIL, rail), ft.VerticalDivider(width=1), body], expand=True, spacing=0),
        )
    # At most five destinations; labels only where they fit (app/views/phone_navigation.py).
    phone_index = selected_index(phone_items, location)

    def on_phone_change(e: ft.Event):
        go(phone_items[int(e.control.selected_index)][0])

    bar = PhoneNavigation(phone_items, phone_index, width, on_phone_change)
    return ft.SafeArea(expand=True, content=ft.Column([body, _navigation(NAV_BAR, bar)], expand=True, spacing=0))
