"""The web client's version token names what the files hold, not when they were written
(app/web/client_files.version_token): a fresh checkout or install keeps the compressed copies of the
same client, and any change to one of the app's own files gives a new token (a new cache folder, new
versioned URLs)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from app.web.client_files import ASSETS, client_files, flet_web_dir, version_token


def _copy_of_assets(tmp_path: Path) -> Path:
    copy = tmp_path / "assets"
    shutil.copytree(ASSETS, copy)
    return copy


def test_new_modification_times_keep_the_token(tmp_path: Path) -> None:
    assets = _copy_of_assets(tmp_path)
    before = version_token(client_files(assets), extra="page")
    for f in assets.rglob("*"):
        if f.is_file():
            os.utime(f, ns=(1_000_000_000, 1_000_000_000))  # as a checkout on another day
    assert version_token(client_files(assets), extra="page") == before


def test_a_changed_asset_of_the_same_size_changes_the_token(tmp_path: Path) -> None:
    assets = _copy_of_assets(tmp_path)
    manifest = assets / "manifest.json"
    before = version_token(client_files(assets), extra="page")
    text = manifest.read_bytes()
    manifest.write_bytes(text.replace(b"#", b"%", 1) if b"#" in text else text[:-1] + b" ")
    assert len(manifest.read_bytes()) == len(text)
    assert version_token(client_files(assets), extra="page") != before


def test_the_page_and_flets_files_are_part_of_it(tmp_path: Path) -> None:
    assets = _copy_of_assets(tmp_path)
    files = client_files(assets)
    assert version_token(files, extra="page one") != version_token(files, extra="page two")
    assert any(f.source.is_relative_to(flet_web_dir()) for f in files.values())
    # One of Flet's files left out (as if Flet's set changed) is another token.
    flet_path = next(p for p, f in sorted(files.items()) if f.source.is_relative_to(flet_web_dir()))
    fewer = {p: f for p, f in files.items() if p != flet_path}
    assert version_token(fewer, extra="page one") != version_token(files, extra="page one")
