"""Live regions: what appears or changes without the person moving there (an error after pressing a
button, the result of a refresh or a search) is read out by screen readers (WCAG 4.1.3)."""

from __future__ import annotations

import flet as ft


def announced(control: ft.Control, **kwargs) -> ft.Control:
    """``control`` as a live region: a screen reader reads its text when it appears or changes."""
    return ft.Semantics(live_region=True, container=True, content=control, **kwargs)
