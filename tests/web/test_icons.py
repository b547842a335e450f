"""The committed icons and manifest are what assets/make_icons.py draws from app/ui/theme.py."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

from PIL import Image, ImageChops

ROOT = Path(__file__).resolve().parents[2]


def load_script():
    spec = importlib.util.spec_from_file_location("make_icons", ROOT / "assets" / "make_icons.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_committed_icons_are_the_drawing():
    script = load_script()
    for name, (size, maskable) in script.ICONS.items():
        committed = Image.open(ROOT / "assets" / name).convert("RGBA")
        assert committed.size == (size, size), name
        drawn = script.icon(size, maskable=maskable)
        assert ImageChops.difference(committed, drawn).getbbox() is None, f"{name} differs: run assets/make_icons.py"


def test_maskable_icons_fill_the_square_and_keep_the_drawing_in_the_safe_zone():
    script = load_script()
    img = script.icon(512, maskable=True)
    background = img.getpixel((0, 0))
    assert background[3] == 255 and img.getpixel((511, 511)) == background
    # Everything that is not background lies inside the centred circle of 80 % (radius 204.8 px).
    for x in range(0, 512, 4):
        for y in range(0, 512, 4):
            if img.getpixel((x, y)) != background:
                assert (x - 256) ** 2 + (y - 256) ** 2 <= 204.8**2, (x, y)


def test_manifest_is_the_scripts():
    script = load_script()
    committed = json.loads((ROOT / "assets" / "manifest.json").read_text(encoding="utf-8"))
    assert committed == script.manifest()
