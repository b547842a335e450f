"""Entry point for `flet build` (see [tool.flet] in pyproject.toml); people run `budgetmeter`."""

import flet as ft

from app.main import main

ft.run(main)
