"""A map tile server on loopback for tests: generated 256x256 PNG tiles at ``/<mode>/{z}/{x}/{y}.png``.

The mode says which cross-origin headers the tile gets, to see what the Flet web client (whose pages
carry ``Cross-Origin-Embedder-Policy: require-corp``) accepts:

* ``cors``: ``Access-Control-Allow-Origin: *`` (what OpenStreetMap's tile servers send);
* ``corp``: only ``Cross-Origin-Resource-Policy: cross-origin``;
* ``none``: neither.

Every tile is one flat colour (:data:`TILE_RGB`) with a darker one-pixel border, so a screenshot shows
whether tiles were drawn. Each request is counted per mode.
"""

from __future__ import annotations

import re
import struct
import threading
import zlib
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

TILE_RGB = (200, 230, 201)
BORDER_RGB = (120, 160, 120)
SIZE = 256
MODES = ("cors", "corp", "none")
_PATH = re.compile(r"^/(cors|corp|none)/(\d+)/(\d+)/(\d+)\.png$")


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def tile_png() -> bytes:
    """A PNG (8-bit RGB, no filter) of the tile."""
    inner = bytes(BORDER_RGB) + bytes(TILE_RGB) * (SIZE - 2) + bytes(BORDER_RGB)
    edge = bytes(BORDER_RGB) * SIZE
    rows = [edge] + [inner] * (SIZE - 2) + [edge]
    raw = b"".join(b"\x00" + row for row in rows)
    header = struct.pack(">IIBBBBB", SIZE, SIZE, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", zlib.compress(raw, 6)) + _chunk(b"IEND", b"")


class TileServer:
    def __init__(self) -> None:
        self.png = tile_png()
        self.served: Counter[str] = Counter()
        self.user_agents: set[str] = set()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - the http.server name
                m = _PATH.match(self.path)
                if m is None:
                    self.send_error(404)
                    return
                mode = m[1]
                server.served[mode] += 1
                server.user_agents.add(self.headers.get("User-Agent", ""))
                self.send_response(200)
                self.send_header("Content-Type", "image/png")
                self.send_header("Content-Length", str(len(server.png)))
                if mode == "cors":
                    self.send_header("Access-Control-Allow-Origin", "*")
                elif mode == "corp":
                    self.send_header("Cross-Origin-Resource-Policy", "cross-origin")
                self.end_headers()
                self.wfile.write(server.png)

            def log_message(self, *args) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.httpd.server_address[1]
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self._thread.start()

    def url_template(self, mode: str) -> str:
        assert mode in MODES
        return f"http://127.0.0.1:{self.port}/{mode}/{{z}}/{{x}}/{{y}}.png"

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
