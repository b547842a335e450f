"""Draws the app's icon (the one source drawing), writes every size phones and browsers need and the
install manifest (assets/manifest.json).

    python assets/make_icons.py

A budget meter's dial: a white gauge arc on the app's teal (app/ui/theme.py, BRAND), its needle, and
a lightning bolt under it. Drawn at 1024 px and scaled down, so every size comes from one drawing.
"any" icons fill the square with rounded corners; "maskable" ones keep the drawing inside the safe
zone (a centred circle of 80 % of the size, https://www.w3.org/TR/appmanifest/#icon-masks) on a full
bleed background, so a phone may cut any shape out of them. The PNGs are committed beside this script;
`flet build` and the web server take them from assets/.
"""

from __future__ import annotations

import math
import sys
from pathlib import Path

from PIL import Image, ImageDraw

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

import json  # noqa: E402

from app.ui.theme import BRAND, LIGHT  # noqa: E402  (one source for the colours)

BIG = 1024
WHITE = (255, 255, 255, 255)


def _hex(colour: str) -> tuple[int, int, int, int]:
    colour = colour.lstrip("#")
    return (int(colour[0:2], 16), int(colour[2:4], 16), int(colour[4:6], 16), 255)


def dial(size: int, scale: float) -> Image.Image:
    """The dial alone, transparent around it, drawn to fill ``scale`` of a ``size`` square."""
    img = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    c = size / 2
    r = size * scale / 2
    width = max(2, int(r * 0.16))
    # the gauge: 240 degrees, open at the bottom
    box = (c - r + width / 2, c - r + width / 2, c + r - width / 2, c + r - width / 2)
    d.arc(box, start=150, end=390, fill=WHITE, width=width)
    # ticks at the ends and the middle
    for angle in (150, 270, 390):
        a = math.radians(angle)
        inner, outer = r - width * 2.2, r - width * 1.2
        d.line(
            [(c + inner * math.cos(a), c + inner * math.sin(a)), (c + outer * math.cos(a), c + outer * math.sin(a))],
            fill=WHITE,
            width=max(1, width // 2),
        )
    # the needle, pointing to two thirds of the scale, with its hub
    a = math.radians(150 + 240 * 0.68)
    length = r * 0.62
    d.line([(c, c), (c + length * math.cos(a), c + length * math.sin(a))], fill=WHITE, width=max(2, int(width * 0.6)))
    hub = width * 0.75
    d.ellipse((c - hub, c - hub, c + hub, c + hub), fill=WHITE)
    # a lightning bolt in the opening of the gauge
    s = r * 0.42
    top = c + r * 0.28
    bolt = [
        (c + 0.10 * s, top),
        (c - 0.28 * s, top + 0.62 * s),
        (c - 0.02 * s, top + 0.62 * s),
        (c - 0.12 * s, top + 1.10 * s),
        (c + 0.30 * s, top + 0.42 * s),
        (c + 0.04 * s, top + 0.42 * s),
        (c + 0.16 * s, top),
    ]
    d.polygon(bolt, fill=WHITE)
    return img


def icon(size: int, *, maskable: bool) -> Image.Image:
    background = _hex(BRAND)
    img = Image.new("RGBA", (BIG, BIG), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    if maskable:
        d.rectangle((0, 0, BIG, BIG), fill=background)
        drawing = dial(BIG, 0.62)  # inside the 80 % safe circle with room to spare
    else:
        d.rounded_rectangle((0, 0, BIG - 1, BIG - 1), radius=int(BIG * 0.22), fill=background)
        drawing = dial(BIG, 0.74)
    img.alpha_composite(drawing)
    return img.resize((size, size), Image.LANCZOS)


#: file name -> (size in px, maskable). The names are the ones Flet's web client and manifest look for.
ICONS = {
    "icons/icon-192.png": (192, False),
    "icons/icon-512.png": (512, False),
    "icons/icon-maskable-192.png": (192, True),
    "icons/icon-maskable-512.png": (512, True),
    "icons/apple-touch-icon-192.png": (192, True),  # iOS draws its own rounded corners: full bleed
    "favicon.png": (32, False),
    "icon.png": (1024, False),  # `flet build` takes assets/icon.png for every platform's icon
}


def manifest() -> dict:
    """The install manifest: the app's name, colours and language (Dutch: Flanders' budget meter;
    the app itself follows the device's language once it runs)."""
    icons = []
    for name, (size, maskable) in ICONS.items():
        if name.startswith("icons/icon-"):
            icons.append({"src": name, "sizes": f"{size}x{size}", "type": "image/png", "purpose": "maskable" if maskable else "any"})
    return {
        "name": "Budgetmeter",
        "short_name": "Budgetmeter",
        "description": "Uw saldo, opladen en hulp bij uw budgetmeter.",
        "lang": "nl",
        "dir": "ltr",
        "start_url": "/",
        "scope": "/",
        "display": "standalone",
        "orientation": "any",
        "background_color": LIGHT["surface"],
        "theme_color": BRAND,
        "prefer_related_applications": False,
        "icons": icons,
    }


def main() -> None:
    for name, (size, maskable) in ICONS.items():
        path = HERE / name
        path.parent.mkdir(parents=True, exist_ok=True)
        icon(size, maskable=maskable).save(path, optimize=True)
        print(f"wrote {path.relative_to(HERE.parent)} ({size} px)")
    (HERE / "manifest.json").write_text(json.dumps(manifest(), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print("wrote assets/manifest.json")


if __name__ == "__main__":
    main()
