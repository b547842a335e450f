"""Serve the Flet app in web mode against a server, and drive it in headless Debian Chromium."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

from tests.serverproc import free_port

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "artifacts" / "screenshots"
CHROMIUM = os.environ.get("BUDGETMETER_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {"width": 412, "height": 915}
DESKTOP = {"width": 1280, "height": 800}


@dataclass
class AppProcess:
    url: str
    process: subprocess.Popen
    log_path: Path

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")


def start_app(workdir: Path, api_url: str, env_extra: dict[str, str] | None = None) -> AppProcess:
    """`budgetmeter --web --port N --api-url URL` as a process, like a user would run it."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.update(env_extra or {})
    env["FLET_WEB_NO_CDN"] = "1"
    log_path = workdir / f"app-{port}.log"
    log_file = open(log_path, "wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "app.launcher", "--web", "--port", str(port), "--api-url", api_url],
        stdout=log_file,
        stderr=subprocess.STDOUT,
        env=env,
        cwd=workdir,  # never the repository: the app must find its files relative to its code
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"app exited: {log_path.read_text(errors='replace')}")
        try:
            if httpx.get(url, timeout=1).status_code == 200:
                return AppProcess(url, process, log_path)
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    process.kill()
    raise RuntimeError(f"app did not start: {log_path.read_text(errors='replace')}")


# --- driving the app --------------------------------------------------------------------------


def open_app(page, url: str, route: str = "/") -> None:
    """Load the app and switch on Flutter's semantics tree (what screen readers and we read)."""
    page.goto(url + route)
    placeholder = page.locator("flt-semantics-placeholder")
    placeholder.wait_for(state="attached", timeout=30_000)
    placeholder.dispatch_event("click")


def fill(page, label: str, value: str) -> None:
    """Type into a field and check that the app kept it (a fill racing a re-render can lose it)."""
    import re

    field = page.get_by_label(re.compile("^" + re.escape(label))).first
    for attempt in range(4):
        _click_field(field, label)
        page.wait_for_timeout(100)
        field.fill("")
        if attempt == 0:
            field.press_sequentially(value, delay=15)  # as a person types: key by key
        else:
            # Key by key lost keystrokes on a loaded machine (the CI's two workers at load 10: "lien-f5..."
            # kept as "lien-..." four times in a row); the whole value in one input event cannot.
            field.fill(value)
        for _ in range(10):  # the app may take a moment to echo the value back into the field
            if field.input_value() == value:
                # ... and an echo of an earlier keystroke may still be on its way: on a loaded machine
                # "1111 2222 33" became "1111 2222 3" after it had matched. Only a value that stays counts.
                page.wait_for_timeout(600)
                if field.input_value() == value:
                    return
                break
            page.wait_for_timeout(200)
    raise AssertionError(f"field {label!r} holds {field.input_value()!r}, not {value!r}")


def _click_field(field, label: str) -> None:
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        field.click()
    except PlaywrightTimeout:
        box = field.bounding_box()
        if box is not None:
            # A field with a helper of several lines (at 200 % text: 182 px tall) has its helper text at its
            # centre: a person clicks on the input line, near the top.
            try:
                field.click(position={"x": box["width"] / 2, "y": min(box["height"] / 4, 40)}, timeout=5_000)
                return
            except PlaywrightTimeout:
                pass
        if box is not None and box["height"] > 150:
            # A field whose semantics Flutter merged into its container takes the container's box: a
            # screen reader outlines the whole card, and a click at its centre lands on another control.
            raise AssertionError(f"field {label!r} has the box {box}: give it its own semantics node") from None
        raise


def log_in(page, code: str, postcode: str, *, helper: tuple[str, str] | None = None) -> None:
    from playwright.sync_api import expect

    expect(page.get_by_role("button", name="Inloggen")).to_be_visible(timeout=30_000)
    if helper is not None:
        switch = page.get_by_role("switch", name="Ik meld me aan als hulpverlener")
        if switch.get_attribute("aria-checked") != "true":
            switch.click()
        fill(page, "Uw naam", helper[0])
        fill(page, "Uw organisatie", helper[1])
    fill(page, "Prepaid-code", code)
    fill(page, "Postcode", postcode)
    page.wait_for_timeout(200)
    page.get_by_role("button", name="Inloggen").click()


# The app's width breakpoint between the bottom navigation bar and the side rail (app/views/shell.py
# WIDE), and the semantics identifiers it gives them.
WIDE = 840
NAVIGATIONS = ("navigation-bar", "navigation-rail")
# Every layout that depends on the width, by the semantics identifier the app gives it: the ones drawn
# for a narrow window, then the ones drawn for a wide one (app/views/shell.py, topup_points_map.py,
# caseload.py, staff_frame.py).
NARROW_LAYOUTS = ("navigation-bar", "points-narrow", "caseload-narrow", "staff-header-narrow")
WIDE_LAYOUTS = ("navigation-rail", "points-wide", "caseload-wide", "staff-header-wide")


def resize(page, size: dict) -> None:
    """Resize the window and wait until the app has drawn the layout for that width.

    The layout (bottom bar or side rail) is chosen by the app's server in answer to the browser's
    resize event: for a round trip after the resize (150 ms idle, seconds on a loaded machine) the page
    still shows the old layout at the new size. A click in that window lands on the old navigation,
    which is then swapped out: the click is lost or waits on a detached element. So wait until no
    layout drawn for the other width is left (a screen without such a layout, like the login, passes
    at once)."""
    page.set_viewport_size(size)
    stale = NARROW_LAYOUTS if size["width"] >= WIDE else WIDE_LAYOUTS
    page.wait_for_function(
        "ids => ids.every(id => document.querySelector(`[flt-semantics-identifier='${id}']`) === null)",
        arg=list(stale),
        timeout=20_000,
    )


def navigate(page, label: str) -> None:
    """Click a destination of whichever navigation the app shows (tabs in the bar, buttons in the rail)."""
    import re

    name = re.compile("^" + re.escape(label) + r"\b")
    nav = page.locator(",".join(f"[flt-semantics-identifier='{n}']" for n in NAVIGATIONS))
    nav.get_by_role("tab", name=name).or_(nav.get_by_role("button", name=name)).first.click()


def shoot(page, name: str, sizes=(PHONE, DESKTOP)) -> list[Path]:
    """Screenshots at phone and desktop size (artifacts/screenshots/<name>-<w>x<h>.png), then the
    window size it had, each size waited for (see resize)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    before = page.viewport_size
    paths = []
    for size in sizes:
        resize(page, size)
        # Flutter paints the frame after its semantics update; give the paint a moment.
        page.wait_for_timeout(500)
        path = SCREENSHOTS / f"{name}-{size['width']}x{size['height']}.png"
        page.screenshot(path=str(path))
        paths.append(path)
    if before:
        resize(page, before)
    return paths


# --- text size (WCAG 1.4.4, 1.4.10) -------------------------------------------------------------


def text_at(page, percent: int) -> None:
    """The browser's font size setting (Chromium's default font size), before the app loads: Flutter
    scales its text by the root element's font size / 16 px."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("Page.enable")
    cdp.send("Page.setFontSizes", {"fontSizes": {"standard": round(16 * percent / 100), "fixed": round(13 * percent / 100)}})


def cut_off(page) -> list[str]:
    """Named semantics nodes that stick out of the window sideways (content lost without reflow)."""
    return page.evaluate(
        """() => {
            const width = document.documentElement.clientWidth;
            const out = [];
            for (const el of document.querySelectorAll("flt-semantics[aria-label], flt-semantics[role=heading], input, textarea")) {
                const r = el.getBoundingClientRect();
                if (r.width === 0 || r.height === 0) continue;
                if (r.left < -1 || r.right > width + 1) {
                    out.push(`${(el.getAttribute("aria-label") || el.textContent || el.tagName).slice(0, 60)}: ${Math.round(r.left)}..${Math.round(r.right)} of ${width}`);
                }
            }
            return out;
        }"""
    )


# The app's text face as the web client draws it (Flutter's bundled Roboto, served by the app), loaded
# into the page once under its own name, so widths are measured as Flutter lays them out.
_MEASURE_FONT = "BudgetmeterMeasureRoboto"


def text_scale(page) -> float:
    """The user's text size as Flutter applies it: the root element's font size / 16 px."""
    return page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)") / 16


def text_widths(page, texts: list[str], px: float, weight: int = 400) -> list[float]:
    """How wide each text is, in CSS px, set on one line in the app's Roboto at ``px``."""
    return page.evaluate(
        """async ([family, texts, px, weight]) => {
            if (![...document.fonts].some(f => f.family === family)) {
                const face = new FontFace(family, "url(/assets/fonts/roboto.woff2)");
                document.fonts.add(await face.load());
            }
            const ctx = document.createElement("canvas").getContext("2d");
            ctx.font = `${weight} ${px}px ${family}`;
            return texts.map(t => ctx.measureText(t).width);
        }""",
        [_MEASURE_FONT, texts, px, weight],
    )


def broken_words(page, nodes, *, base_px: float, chrome_px: float, weight: int = 500,
                 max_scale: float | None = None) -> list[str]:
    """Controls (a Playwright locator) too narrow for the longest word of their name: Flutter then
    breaks that word mid-word ("Elektricitei|t"). A word is measured at ``base_px`` times the user's
    text scale (capped at ``max_scale`` where the control caps it), plus ``chrome_px`` for what the
    control draws beside its label (padding, icon, check mark)."""
    scale = text_scale(page)
    if max_scale is not None:
        scale = min(scale, max_scale)
    found = nodes.evaluate_all(
        "els => els.map(e => [e.getAttribute('aria-label') || e.textContent || '', e.getBoundingClientRect().width])"
    )
    assert found, "no such control on the screen"
    out = []
    for name, width in found:
        words = name.split()
        if not words or width == 0:
            continue
        widest = max(zip(text_widths(page, words, base_px * scale, weight), words))
        if widest[0] + chrome_px > width + 0.5:
            out.append(f"{name!r}: {width:.0f} px wide, {widest[1]!r} needs {widest[0]:.0f} + {chrome_px:.0f} px")
    return out


def ink(page, box: dict) -> int:
    """How far apart the darkest and lightest grey in a part of the window are (0: nothing drawn
    there but a plain background)."""
    import io

    from PIL import Image

    shot = Image.open(io.BytesIO(page.screenshot(clip=box))).convert("L")
    low, high = shot.getextrema()
    return high - low


def labels_over_borders(page) -> list[str]:
    """Text fields whose label, floated onto the top border (Material: 0.75 of the 16 px field text;
    it floats once the field has the focus or a value), is wider than the field: Flutter then wraps
    it over the border and into the text. Every field counts, empty or not: Flutter's web client
    fills an <input> only while it has the focus."""
    scale = text_scale(page)
    fields = page.locator("input[aria-label], textarea[aria-label]").evaluate_all(
        "els => els.map(e => [e.getAttribute('aria-label').split('\\n')[0], e.getBoundingClientRect().width])"
    )
    out = []
    for (label, width), needed in zip(fields, text_widths(page, [label for label, _ in fields], 12 * scale)):
        # 12 px content padding on each side of an outlined field's label.
        if width > 0 and needed + 24 > width + 0.5:
            out.append(f"{label!r}: field {width:.0f} px wide, label needs {needed:.0f} + 24 px")
    return out
