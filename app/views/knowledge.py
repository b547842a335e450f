"""Know your meter: short translated pages from the seed documents (app/knowledge: text, sources, icons), reachable from
the home screen and a meter's detail. Our own examples are labelled as such; each page names the seed
sentences it follows (in Dutch)."""

from __future__ import annotations

import flet as ft

from app.ui.context import go, use_model
from app.widgets.page_frame import page_frame, section
from app.widgets.seed_source import source_box
from app.ui.winter import use_winter_period
from app.words.winter import winter_now_text, winter_period_text
from app.knowledge import page as knowledge_page
from app.knowledge import pages as knowledge_pages
from app.widgets.heading import heading

def page_icon(page) -> ft.IconData:
    """The page's icon (named beside its text in app/knowledge/pages.py)."""
    return getattr(ft.Icons, page.icon, ft.Icons.ARTICLE_OUTLINED)


def knowledge_links(t, page_ids, *, title: str | None = None) -> ft.Control:
    """Links to pages, for the home screen and a meter's detail."""
    pages = {p.id: p for p in knowledge_pages(t.language)}
    tiles = [
        ft.ListTile(
            leading=ft.Icon(page_icon(pages[pid])),
            title=ft.Text(pages[pid].title),
            trailing=ft.Icon(ft.Icons.CHEVRON_RIGHT),
            on_click=lambda _, pid=pid: go(f"/know/{pid}"),
            content_padding=ft.Padding.symmetric(horizontal=0),
        )
        for pid in page_ids
        if pid in pages
    ]
    tiles.append(
        ft.Row(
            [ft.TextButton(t.gettext("All pages about your meter"), icon=ft.Icons.MENU_BOOK, on_click=lambda: go("/know"))],
            alignment=ft.MainAxisAlignment.END,
        )
    )
    return section(title or t.gettext("Know your meter"), tiles, icon=ft.Icons.MENU_BOOK)


def winter_box(t, winter) -> list[ft.Control]:
    """The dates of the current or next winter period, from the server (nothing when offline: the page
    itself gives the seed's "1 December to 1 March")."""
    period = winter_period_text(t, winter)
    if period is None:
        return []
    return [
        ft.Container(
            bgcolor=ft.Colors.PRIMARY_CONTAINER,
            border_radius=12,
            padding=12,
            content=ft.Row(
                [
                    ft.Icon(ft.Icons.AC_UNIT, color=ft.Colors.ON_PRIMARY_CONTAINER),
                    ft.Column(
                        [
                            ft.Text(period, weight=ft.FontWeight.W_600, color=ft.Colors.ON_PRIMARY_CONTAINER),
                            ft.Text(winter_now_text(t, winter), color=ft.Colors.ON_PRIMARY_CONTAINER),
                        ],
                        spacing=2,
                        expand=True,
                    ),
                ],
                vertical_alignment=ft.CrossAxisAlignment.START,
            ),
        )
    ]


@ft.component
def KnowledgeIndexView():
    model = use_model()
    t = model.t
    cards = [
        ft.Card(
            col={"xs": 12, "md": 6, "xl": 4},
            content=ft.Container(
                padding=16,
                border_radius=12,
                on_click=lambda _, pid=p.id: go(f"/know/{pid}"),
                # An ink response takes the keyboard focus (Tab, then Enter); a plain tap target
                # did not, so the page's cards and its scroll area were out of a keyboard's reach.
                ink=True,
                content=ft.Column(
                    [
                        ft.Row(
                            [
                                ft.Icon(page_icon(p), color=ft.Colors.PRIMARY),
                                ft.Text(p.title, theme_style=ft.TextThemeStyle.TITLE_MEDIUM, weight=ft.FontWeight.W_600, expand=True),
                            ]
                        ),
                        ft.Text(p.summary, color=ft.Colors.ON_SURFACE_VARIANT),
                    ],
                    spacing=8,
                ),
            ),
        )
        for p in knowledge_pages(t.language)
    ]
    return page_frame(
        [
            heading(t.gettext("Know your meter")),
            ft.Text(t.gettext("Short answers about your budget meter."), color=ft.Colors.ON_SURFACE_VARIANT),
            ft.ResponsiveRow(cards, spacing=12, run_spacing=12),
        ]
    )


@ft.component
def KnowledgePageView():
    model = use_model()
    t = model.t
    winter = use_winter_period(model)
    page_id = ft.use_route_params().get("id", "")
    back = ft.Row([ft.TextButton(t.gettext("All pages about your meter"), icon=ft.Icons.ARROW_BACK, on_click=lambda: go("/know"))])
    try:
        p = knowledge_page(page_id, t.language)
    except KeyError:
        return page_frame([back, ft.Text(t.gettext("We could not find that. It may have been removed."))])
    blocks: list[ft.Control] = []
    for block in p.blocks:
        items: list[ft.Control] = []
        if block.heading:
            items.append(ft.Text(block.heading, theme_style=ft.TextThemeStyle.TITLE_SMALL, weight=ft.FontWeight.W_600))
        if block.kind == "paragraph":
            items.extend(ft.Text(item) for item in block.items)
        elif block.kind == "steps":
            items.extend(ft.Text(f"{i}. {item}") for i, item in enumerate(block.items, 1))
        else:
            items.extend(ft.Text(f"• {item}") for item in block.items)
        column = ft.Column(items, spacing=6)
        if block.ours:
            column = ft.Container(
                bgcolor=ft.Colors.SECONDARY_CONTAINER,
                border_radius=12,
                padding=12,
                content=ft.Column(
                    [
                        ft.Row(
                            [
                                ft.Icon(ft.Icons.LIGHTBULB_OUTLINE, size=18, color=ft.Colors.ON_SECONDARY_CONTAINER),
                                ft.Text(
                                    t.gettext("Our own example, not from the official text"),
                                    theme_style=ft.TextThemeStyle.LABEL_MEDIUM,
                                    color=ft.Colors.ON_SECONDARY_CONTAINER,
                                ),
                            ],
                            spacing=6,
                        ),
                        column,
                    ],
                    spacing=6,
                ),
            )
        blocks.append(column)
    content = ft.Card(
        content=ft.Container(
            padding=20,
            content=ft.Column(
                [
                    ft.Row(
                        [
                            ft.Icon(page_icon(p), color=ft.Colors.PRIMARY, size=28),
                            heading(p.title, expand=True),
                        ]
                    ),
                    ft.Text(p.summary, theme_style=ft.TextThemeStyle.BODY_LARGE, weight=ft.FontWeight.W_500),
                    *(winter_box(t, winter) if p.id == "winter_period" else []),
                    *blocks,
                ],
                spacing=14,
            ),
        )
    )
    sources = section(
        t.gettext("Sources"),
        [source_box(t, s.seed, s.quote) for s in p.sources],
        icon=ft.Icons.FORMAT_QUOTE,
    )
    return page_frame(
        [
            back,
            ft.ResponsiveRow(
                [ft.Container(content, col={"xs": 12, "lg": 7}), ft.Container(sources, col={"xs": 12, "lg": 5})],
                spacing=16,
                run_spacing=16,
            ),
        ]
    )
