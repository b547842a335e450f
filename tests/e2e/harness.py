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
    """Type into a field and check that the app kept it.

    The whole value goes in as one input event (Playwright's fill), as a paste or a phone's keyboard
    suggestion does: the app's server sees one change, so no answer to an earlier keystroke can arrive
    late and cut the field back (typed key by key on a loaded machine, "1111 2222 33" once became
    "1111 2222 3" after it had matched). Then wait until the page has sent that change to the server
    (sent_to_app): what the test does next reaches the server after it."""
    import re

    from playwright.sync_api import expect

    field = page.get_by_label(re.compile("^" + re.escape(label))).first
    for _ in range(3):
        _click_field(field, label)
        before = SocketWatch.of(page).sent
        field.fill(value)
        sent_to_app(page, before)
        try:
            # An app that reformats what was typed answers with the field's new value.
            expect(field).to_have_value(value, timeout=2_000)
            return
        except AssertionError:
            continue
    raise AssertionError(f"field {label!r} holds {field.input_value()!r}, not {value!r}")


def new_test_page(browser, viewport: dict, locale: str = "nl-BE"):
    """A page in a fresh browser context (its own storage), watched as the helpers here expect: its
    frames drawn (FRAME_WATCH_SCRIPT) and its socket's frames counted (SocketWatch)."""
    context = browser.new_context(viewport=viewport, locale=locale)
    context.set_default_timeout(20_000)
    context.add_init_script(FRAME_WATCH_SCRIPT)
    page = context.new_page()
    SocketWatch(page)
    return page


class SocketWatch:
    """Counts the frames the page has sent the app's server (Flet's one WebSocket), so that a test can
    wait until the page has sent what it did, instead of waiting a fixed time. Made with the page
    (new_test_page), before the page opens its socket."""

    def __init__(self, page) -> None:
        self.sent = 0
        page.on("websocket", lambda socket: socket.on("framesent", self._one_more))
        page._budgetmeter_socket_watch = self

    @staticmethod
    def of(page) -> SocketWatch:
        return page._budgetmeter_socket_watch

    def _one_more(self, _payload) -> None:
        self.sent += 1


def sent_to_app(page, since: int, *, within_s: float = 2.0) -> None:
    """Wait until the page has sent the app's server more frames than `since` (a change, a click).

    The server handles a session's events in the order its socket brings them, each event's
    (synchronous) handler before the next one starts (flet_web: a task per event, started in order),
    so an action taken after this reaches the app after the one before it: a click on "Inloggen"
    after the change that put the postcode in. An action the app does not send (a value it already
    had) passes after `within_s`. Playwright delivers the socket's frames to this process between
    its calls, in the order they happened, so the count is polled with short waits."""
    watch = SocketWatch.of(page)
    deadline = time.monotonic() + within_s
    while watch.sent <= since and time.monotonic() < deadline:
        page.wait_for_timeout(10)


# Flutter's web engine asks for an animation frame whenever it has something to draw (a transition, a
# fade, a spinner) and for none when the screen is still. Counting its requests tells when the window
# has stopped changing: the page script below (added to every test page) keeps the time of the last one.
FRAME_WATCH_SCRIPT = """
(() => {
    const request = window.requestAnimationFrame.bind(window);
    window.__budgetmeterLastFrameRequest = performance.now();
    window.requestAnimationFrame = (callback) => {
        window.__budgetmeterLastFrameRequest = performance.now();
        return request(callback);
    };
})();
"""


def drawn(page, *, quiet_ms: int = 100, cap_ms: int = 2_000) -> None:
    """Wait until the app has drawn and stopped drawing: no frame asked for in `quiet_ms` (two frames
    have been presented since the last one), at most `cap_ms` (a spinner never stops)."""
    page.evaluate(
        """([quiet, cap]) => new Promise(resolve => {
            const start = performance.now();
            const poll = () => {
                const now = performance.now();
                if (now - window.__budgetmeterLastFrameRequest >= quiet || now - start >= cap) resolve();
                else setTimeout(poll, 16);
            };
            poll();
        })""",
        [quiet_ms, cap_ms],
    )


def _click_field(field, label: str) -> None:
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    field.wait_for(state="visible")
    try:
        # Shown already: a click that cannot land within seconds is a click at the field's centre that
        # something else takes (below), not a field still on its way.
        field.click(timeout=3_000)
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
        # Flutter paints after its semantics update (what resize waited for), and a new layout may
        # animate in: wait until it has stopped drawing.
        drawn(page)
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
