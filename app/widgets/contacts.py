"""Who to contact about the social tariff (seed 003's contact centres) and what to have ready."""

from __future__ import annotations

import flet as ft

from app.i18n import Translator
from app.words.social_tariff import CONTACT_ROLES, DATA_ITEMS, REGIONS, tr


def contacts_list(t: Translator, contacts, items) -> list[ft.Control]:
    """Who to contact (seed 003's contact centres) and what to have ready."""
    rows: list[ft.Control] = []
    for c in contacts:
        details = [tr(t, CONTACT_ROLES, c.role)]
        if c.region:
            details.append(tr(t, REGIONS, c.region))
        lines: list[ft.Control] = [
            ft.Text(c.name, weight=ft.FontWeight.W_600),
            ft.Text(" · ".join(details), color=ft.Colors.ON_SURFACE_VARIANT, theme_style=ft.TextThemeStyle.BODY_SMALL),
        ]
        links: list[ft.Control] = []
        if c.phone:
            phone = c.phone
            if c.free_phone:
                phone = t.gettext("{phone} (free)").format(phone=c.phone)
            if c.hours:
                phone = t.gettext("{phone}, {hours}").format(phone=phone, hours=c.hours)
            links.append(ft.TextButton(phone, icon=ft.Icons.PHONE, url=f"tel:{c.phone.replace(' ', '')}"))
        if c.email:
            links.append(ft.TextButton(c.email, icon=ft.Icons.EMAIL_OUTLINED, url=f"mailto:{c.email}"))
        if c.website:
            links.append(ft.TextButton(c.website.split("//", 1)[-1].rstrip("/"), icon=ft.Icons.OPEN_IN_NEW, url=c.website))
        if links:
            lines.append(ft.Row(links, wrap=True, spacing=0, run_spacing=0))
        rows.append(ft.Column(lines, spacing=2))
    rows.append(ft.Text(t.gettext("Have this ready when you call:"), weight=ft.FontWeight.W_600))
    rows.extend(ft.Text(f"• {tr(t, DATA_ITEMS, item.code)}") for item in items)
    return rows
