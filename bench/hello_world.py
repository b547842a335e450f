"""The baseline of bench/app_start.py: a Flet hello world served like `budgetmeter --web`.

    python -m bench.hello_world --port N
"""

from __future__ import annotations

import argparse

import flet as ft


def main(page: ft.Page) -> None:
    page.title = "Hello"
    page.add(ft.Text("Hello, world"), ft.Button("Hello button"))


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, required=True)
    args = ap.parse_args()
    ft.run(main, view=ft.AppView.WEB_BROWSER, port=args.port, no_cdn=True, host="127.0.0.1")
