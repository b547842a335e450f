"""A browser's side of the Flet web protocol (Flet 1.0.5), for load tests that need many sessions
without many browsers (bench/web_sessions.py).

What the Flet web client does on the wire, recorded from headless Chromium on our app and repeated
here message for message:
- every WebSocket frame is one byte of type (0x00) and a MessagePack array `[action, body]`;
- register (action 1) with the page's size, media and route; the answer holds the page's control tree;
- the server changes the tree with patches (action 2) on one control: a table of paths and a list of
  replace/add/remove/move operations, applied in order;
- the server calls methods on the client (action 5): device storage (SharedPreferences and
  SecureStorage: kept here in dicts, the simulated device), device info, `push_route` (the client
  answers and reports the new route as the browser does: a property update and a `route_change` event);
- the user's input goes back as a property update (action 4) and an event (action 3): a text field's
  `value` and `change`, a button's `click`.
What it does not do: draw. Time measured with it is the server's (Python builds, diffs and encodes
the screen) and the network's; a browser adds its paint.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from typing import Any

import msgpack

REGISTER, PATCH, EVENT, UPDATE, INVOKE, CRASHED = 1, 2, 3, 4, 5, 6
REPLACE, ADD, REMOVE, MOVE = 0, 1, 2, 3
PAGE_ID = 1

#: What headless Chromium at phone size (412x915) sends when it registers (recorded, Flet 1.0.5).
PHONE_PAGE = {
    "debug": False, "height": 915.0, "width": 412.0, "multi_view": False, "platform": "linux",
    "platform_brightness": "light", "pwa": False, "pyodide": False, "route": "/", "test": False,
    "wasm": True, "web": True, "window": {},
    "media": {
        "always_use_24_hour_format": False, "device_pixel_ratio": 1.0, "orientation": "portrait",
        "padding": {"bottom": 0.0, "left": 0.0, "right": 0.0, "top": 0.0},
        "view_insets": {"bottom": 0.0, "left": 0.0, "right": 0.0, "top": 0.0},
        "view_padding": {"bottom": 0.0, "left": 0.0, "right": 0.0, "top": 0.0},
    },
}  # fmt: skip

DEVICE_INFO = {
    "app_code_name": "Mozilla", "app_name": "Netscape", "browser_name": "chrome", "device_memory": 8.0,
    "hardware_concurrency": 4, "language": "nl-BE", "languages": ["nl-BE"],
    "locales": [{"country_code": "BE", "language_code": "nl", "script_code": None}], "max_touch_points": 0,
    "platform": "Linux x86_64", "product": "Gecko", "product_sub": "20030107", "vendor": "Google Inc.",
    "vendor_sub": "",
}  # fmt: skip


class SessionCrashed(RuntimeError):
    """The server ended the session with an error (action 6)."""


def _ext(code: int, data: bytes) -> Any:
    # Dates, times and strings travel as text extensions; durations as microseconds.
    if code in (1, 2, 4):
        return data.decode()
    if code == 3:
        return int.from_bytes(data, "big", signed=True) if len(data) <= 8 else data
    return msgpack.ExtType(code, data)


def pack(action: int, body: Any) -> bytes:
    return b"\x00" + msgpack.packb([action, body])


def unpack(frame: bytes) -> tuple[int, Any] | None:
    if not frame or frame[0] != 0:
        return None  # a data-channel frame: nothing our app sends
    action, body = msgpack.unpackb(frame[1:], ext_hook=_ext, strict_map_key=False)
    return action, body


class ControlTree:
    """The client's copy of the page's controls, kept current by the server's patches."""

    def __init__(self) -> None:
        self.page: dict[str, Any] = {}
        self.by_id: dict[int, dict[str, Any]] = {}

    def reset(self, page: dict[str, Any]) -> None:
        self.page = page
        self.by_id = {}
        self._index(page)

    def _index(self, value: Any) -> None:
        if isinstance(value, dict):
            if "_i" in value:
                self.by_id[value["_i"]] = value
            for v in value.values():
                if isinstance(v, (dict, list)):
                    self._index(v)
        elif isinstance(value, list):
            for v in value:
                if isinstance(v, (dict, list)):
                    self._index(v)

    def apply(self, control_id: int, patch: list[Any]) -> None:
        root = self.by_id[control_id]
        paths: dict[int, list[Any]] = {}

        def collect(node: list[Any], path: list[Any]) -> None:
            paths[node[0]] = path
            if len(node) > 1:
                for key, child in node[1].items():
                    collect(child, path + [key])

        collect(patch[0], [])

        def resolve(node: int) -> Any:
            target = root
            for key in paths[node]:
                target = target[key]
            return target

        for op in patch[1:]:
            kind = op[0]
            if kind == REPLACE:
                resolve(op[1])[op[2]] = op[3]
                self._index(op[3])
            elif kind == ADD:
                target = resolve(op[1])
                if isinstance(target, list):
                    target.insert(op[2], op[3])
                else:
                    target[op[2]] = op[3]
                self._index(op[3])
            elif kind == REMOVE:
                resolve(op[1]).pop(op[2])
            elif kind == MOVE:
                value = resolve(op[1]).pop(op[2])
                target = resolve(op[3])
                if isinstance(target, list):
                    target.insert(op[4], value)
                else:
                    target[op[4]] = value
            else:
                raise ValueError(f"unknown patch operation {kind}")

    def controls(self, node: Any = None) -> Iterator[dict[str, Any]]:
        """Every control now on the page (removed ones are not reached)."""
        stack = [self.page if node is None else node]
        while stack:
            value = stack.pop()
            if isinstance(value, dict):
                if "_c" in value:
                    yield value
                stack.extend(v for v in value.values() if isinstance(v, (dict, list)))
            elif isinstance(value, list):
                stack.extend(v for v in value if isinstance(v, (dict, list)))

    def find(self, match: Callable[[dict[str, Any]], bool]) -> dict[str, Any] | None:
        return next((c for c in self.controls() if match(c)), None)


def labelled(kind: str, label: str) -> Callable[[dict[str, Any]], bool]:
    return lambda c: c.get("_c") == kind and c.get("label") == label


def button(text: str) -> Callable[[dict[str, Any]], bool]:
    return lambda c: c.get("on_click") is True and text in (c.get("content"), c.get("text"), c.get("tooltip"))


class FletWebClient:
    """One browser tab: a WebSocket, the control tree, the device's storage, the route."""

    def __init__(self, ws: Any, *, storage: dict[str, Any] | None = None, page: dict[str, Any] | None = None) -> None:
        self.ws = ws
        self.tree = ControlTree()
        self.storage = storage if storage is not None else {}
        self.page_snapshot = dict(page or PHONE_PAGE)
        self.route = self.page_snapshot["route"]
        self.session_id: str | None = None
        self._waiters: list[tuple[Callable[[ControlTree], Any], asyncio.Future]] = []
        self.routes: list[str] = []  # every route the server pushed, in order (for a failure's report)

    async def register(self) -> None:
        await self.ws.send(pack(REGISTER, {"page": self.page_snapshot, "page_name": "", "session_id": self.session_id}))
        while True:
            action, body = await self._receive()
            if action == REGISTER:
                if body.get("error"):
                    raise SessionCrashed(body["error"])
                self.session_id = body["session_id"]
                self.tree.reset(body["page_patch"])
                # What the browser sends at once: its brightness, media and size.
                await self.ws.send(pack(UPDATE, {"id": PAGE_ID, "props": {"platform_brightness": "light"}}))
                await self.ws.send(pack(EVENT, {"target": PAGE_ID, "name": "platform_brightness_change", "data": "light"}))
                await self.ws.send(pack(UPDATE, {"id": PAGE_ID, "props": {"media": self.page_snapshot["media"]}}))
                await self.ws.send(pack(UPDATE, {"id": PAGE_ID, "props": {
                    "height": self.page_snapshot["height"], "width": self.page_snapshot["width"]}}))  # fmt: skip
                return
            await self._handle(action, body)

    async def _receive(self) -> tuple[int, Any]:
        while True:
            frame = await self.ws.recv()
            message = unpack(frame)
            if message is not None:
                return message

    async def run(self) -> None:
        """Handle the server's messages until the connection ends (a task beside the user's actions)."""
        try:
            while True:
                action, body = await self._receive()
                await self._handle(action, body)
        except BaseException as exc:
            for _, waiter in self._waiters:
                if not waiter.done():
                    waiter.set_exception(ConnectionError(f"the session ended: {type(exc).__name__}: {exc}"))
            raise

    async def _handle(self, action: int, body: Any) -> None:
        if action == PATCH:
            self.tree.apply(body["id"], body["patch"])
            self._judge()
        elif action == INVOKE:
            await self._invoke(body)
        elif action == CRASHED:
            raise SessionCrashed(body.get("message", ""))

    async def _invoke(self, body: dict[str, Any]) -> None:
        name, args = body["name"], body.get("args") or {}
        result: Any = None
        if name == "push_route":
            self.route = args["route"]
            self.routes.append(self.route)
            await self.ws.send(pack(UPDATE, {"id": PAGE_ID, "props": {"route": self.route}}))
            await self.ws.send(pack(EVENT, {"target": PAGE_ID, "name": "route_change", "data": {"route": self.route}}))
        elif name == "get_device_info":
            result = DEVICE_INFO
        elif name in ("get", "contains_key", "set", "remove", "get_keys", "clear"):
            result = self._storage(body["control_id"], name, args)
        await self.ws.send(pack(INVOKE, {"call_id": body["call_id"], "control_id": body["control_id"],
                                         "error": None, "result": result}))  # fmt: skip
        self._judge()

    def _judge(self) -> None:
        # After every message, not when the waiting task next runs: a state the screen passes through
        # (Refresh disabled while loading) is seen even when the next patch follows at once.
        for check, waiter in self._waiters:
            if not waiter.done():
                found = check(self.tree)
                if found:
                    waiter.set_result(found)

    def _storage(self, control_id: int, name: str, args: dict[str, Any]) -> Any:
        kind = self.tree.by_id.get(control_id, {}).get("_c", "storage")
        store = self.storage.setdefault(kind, {})
        key = args.get("key")
        if name == "get":
            return store.get(key)
        if name == "contains_key":
            return key in store
        if name == "set":
            store[key] = args.get("value")
            return True
        if name == "remove":
            return store.pop(key, None) is not None
        if name == "get_keys":
            prefix = args.get("key_prefix") or ""
            return [k for k in store if k.startswith(prefix)]
        store.clear()
        return True

    async def until(self, check: Callable[[ControlTree], Any], timeout: float) -> Any:
        """Wait until `check(tree)` is true, judged now and after each message from the server; its value."""
        found = check(self.tree)
        if found:
            return found
        waiter = asyncio.get_running_loop().create_future()
        entry = (check, waiter)
        self._waiters.append(entry)
        try:
            return await asyncio.wait_for(waiter, timeout)
        except asyncio.TimeoutError:
            raise TimeoutError("the screen did not show what was awaited") from None
        finally:
            self._waiters.remove(entry)

    async def type_into(self, control: dict[str, Any], text: str) -> None:
        await self.ws.send(pack(UPDATE, {"id": control["_i"], "props": {"value": text}}))
        await self.ws.send(pack(EVENT, {"target": control["_i"], "name": "change", "data": text}))

    async def click(self, control: dict[str, Any]) -> None:
        await self.ws.send(pack(EVENT, {"target": control["_i"], "name": "click", "data": None}))
