"""`budgetmeter --web` serves the web client compressed and cacheable (issue 12), tested over HTTP
against the real launcher process on loopback (no browser: tests/e2e drives one)."""

from __future__ import annotations

import gzip
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import brotli
import httpx
import pytest

from tests.serverproc import free_port

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def web(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("web")
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env["BUDGETMETER_WEB_CACHE"] = str(workdir / "cache")
    log = open(workdir / "app.log", "wb")
    # Compressed beforehand, as at deploy (the serving process never compresses): quick levels, to
    # keep the test short.
    subprocess.run([sys.executable, "-m", "app.web.precompress", "--quick"], env=env, cwd=ROOT, check=True,
                   capture_output=True)
    # No API server is needed to serve the client: the app says it cannot reach it and goes on.
    process = subprocess.Popen(
        [sys.executable, "-m", "app.launcher", "--web", "--port", str(port), "--api-url", "http://127.0.0.1:9"],
        stdout=log, stderr=subprocess.STDOUT, env=env, cwd=workdir,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        assert process.poll() is None, (workdir / "app.log").read_text()
        try:
            if httpx.get(url, timeout=1).status_code == 200:
                break
        except httpx.TransportError:
            pass
        assert time.monotonic() < deadline, (workdir / "app.log").read_text()
        time.sleep(0.1)
    yield url, workdir / "cache"
    process.terminate()
    process.wait(10)


def get(url: str, encoding: str | None = None, **headers) -> httpx.Response:
    h = {"Accept-Encoding": encoding or "identity", **headers}
    # httpx would decode: read the raw bytes to see what went over the wire.
    with httpx.stream("GET", url, headers=h, timeout=10) as r:
        r.raw_body = b"".join(r.iter_raw())
    return r


def client_path(url: str) -> str:
    html = get(url + "/").raw_body.decode()
    return re.search(r'src="(/_v/[0-9a-f]{12}/)flutter_bootstrap\.js"', html).group(1)


def test_brotli_gzip_or_none_by_accept_encoding(web):
    url, _ = web
    versioned = url + client_path(url) + "main.dart.wasm"
    plain = get(versioned)
    assert plain.headers.get("content-encoding") is None
    assert plain.headers["content-type"] == "application/wasm"
    br = get(versioned, "gzip, deflate, br")
    assert br.headers["content-encoding"] == "br"
    assert brotli.decompress(br.raw_body) == plain.raw_body
    assert len(br.raw_body) < len(plain.raw_body) * 0.4
    gz = get(versioned, "gzip")
    assert gz.headers["content-encoding"] == "gzip"
    assert gzip.decompress(gz.raw_body) == plain.raw_body
    assert get(versioned, "br;q=0, gzip").headers["content-encoding"] == "gzip"
    for r in (plain, br, gz):
        assert r.headers["vary"] == "Accept-Encoding"


def test_versioned_files_are_immutable_the_page_and_manifest_revalidated(web):
    url, _ = web
    prefix = client_path(url)
    for name in ("main.dart.mjs", "flutter_bootstrap.js", "canvaskit/skwasm.wasm", "assets/FontManifest.json"):
        r = get(url + prefix + name, "br")
        assert r.status_code == 200, name
        assert r.headers["cache-control"] == "public, max-age=31536000, immutable", name
    for name in ("/", "/login", "/pay/541448820000000011", "/manifest.json", "/favicon.png", "/icons/icon-192.png"):
        r = get(url + name, "br")
        assert r.status_code == 200, name
        assert r.headers["cache-control"] == "no-cache", name
    # A file of an older version: served, but not to be kept.
    assert get(url + "/_v/000000000000/main.dart.mjs").headers["cache-control"] == "no-cache"
    assert get(url + prefix + "no-such-file.js").status_code == 404


def test_revalidation_answers_304(web):
    url, _ = web
    first = get(url + "/manifest.json", "br")
    again = get(url + "/manifest.json", "br", **{"If-None-Match": first.headers["etag"]})
    assert again.status_code == 304 and again.raw_body == b""
    # The gzip copy is another representation with its own ETag.
    assert get(url + "/manifest.json", "gzip").headers["etag"] != first.headers["etag"]


def test_compressed_once_into_the_cache_folder(web):
    url, cache = web
    token = client_path(url).split("/")[2]
    folder = cache / token
    before = {p: p.stat().st_mtime_ns for p in (folder / "br").rglob("*.wasm")}
    assert before, "no compressed copies in the cache folder"
    for _ in range(3):
        get(url + client_path(url) + "main.dart.wasm", "br")
    after = {p: p.stat().st_mtime_ns for p in (folder / "br").rglob("*.wasm")}
    # Requests read the copies; only `python -m app.web.precompress` writes them (atomically).
    assert set(after) == set(before)


def test_page_is_ours_zoomable_titled_and_in_our_colours(web):
    from app.ui.theme import BRAND, DARK, LIGHT

    url, _ = web
    html = gzip.decompress(get(url + "/", "gzip").raw_body).decode()
    assert '<html lang="nl">' in html
    assert "<title>Budgetmeter</title>" in html
    assert re.search(r'<meta name="viewport" content="width=device-width, initial-scale=1">', html)
    assert "user-scalable=no" not in html
    assert LIGHT["surface"] in html and DARK["surface"] in html and BRAND in html
    assert not re.search(r"@[A-Z_]+@", html), "a template placeholder was left"


def test_manifest_names_the_app_with_its_icons(web):
    from app.ui.theme import BRAND

    url, _ = web
    manifest = json.loads(get(url + "/manifest.json").raw_body)
    assert manifest["name"] == manifest["short_name"] == "Budgetmeter"
    assert manifest["lang"] == "nl" and manifest["theme_color"] == BRAND
    purposes = {(i["sizes"], i["purpose"]) for i in manifest["icons"]}
    assert {("192x192", "any"), ("512x512", "any"), ("192x192", "maskable"), ("512x512", "maskable")} <= purposes
    for icon in manifest["icons"]:
        r = get(url + "/" + icon["src"])
        assert r.status_code == 200 and r.headers["content-type"] == "image/png"
        ours = (ROOT / "assets" / icon["src"]).read_bytes()
        assert r.raw_body == ours, f"{icon['src']} is not the app's icon"
    assert get(url + "/favicon.png").raw_body == (ROOT / "assets" / "favicon.png").read_bytes()


def test_websocket_and_other_paths_still_reach_flet(web):
    url, _ = web
    # The Flet app behind the layer still answers what the layer does not serve.
    assert get(url + "/no-such-asset.css").status_code == 404


def test_the_page_carries_its_security_headers(web):
    url, _ = web
    for page in (url + "/", url + "/balans"):  # the page, and a route of the app that is the page
        headers = get(page).headers
        csp = {d.split()[0]: d.split()[1:] for d in headers["content-security-policy"].split("; ")}
        assert csp["frame-ancestors"] == ["'none'"]  # no other site may frame it (clickjacking)
        assert csp["default-src"] == ["'self'"] and csp["object-src"] == ["'none'"]
        assert "'wasm-unsafe-eval'" in csp["script-src"] and "'unsafe-eval'" not in csp["script-src"]
        # The map's tiles, from the tile server's origin only (OpenStreetMap's unless configured).
        assert csp["img-src"][-1] == csp["connect-src"][-1] == "https://tile.openstreetmap.org"
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["referrer-policy"] == "no-referrer"
        assert "access-control-allow-origin" not in headers
    client_file = get(url + client_path(url) + "flutter_bootstrap.js").headers
    assert client_file["x-content-type-options"] == "nosniff" and "access-control-allow-origin" not in client_file
