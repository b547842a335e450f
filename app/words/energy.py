"""Energies: their names and icons, one table (meters, balances, tariffs and the wizard all use it)."""

from __future__ import annotations

import flet as ft

from app.i18n import N_, Translator

#: code -> (name, icon). seed 003: "Het sociaal tarief is een gunstig tarief voor elektriciteit, aardgas
#: of warmte."; a meter is electricity or gas.
ENERGIES: dict[str, tuple[str, ft.IconData]] = {
    "electricity": (N_("Electricity"), ft.Icons.BOLT),
    "gas": (N_("Gas"), ft.Icons.LOCAL_FIRE_DEPARTMENT),
    "heat": (N_("Heat"), ft.Icons.HEAT_PUMP),
}
ENERGY_NAMES: dict[str, str] = {code: name for code, (name, _icon) in ENERGIES.items()}


def energy_name(t: Translator, energy: str) -> str:
    return t.gettext(ENERGY_NAMES[energy]) if energy in ENERGY_NAMES else energy


def energy_icon(energy: str) -> ft.IconData:
    return ENERGIES[energy][1] if energy in ENERGIES else ft.Icons.ENERGY_SAVINGS_LEAF
