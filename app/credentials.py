"""Where the app keeps secrets (tokens, a remembered Prepaid-code) and plain preferences.

Secrets stay on the user's own device:

* desktop: the OS keyring (:class:`KeyringSecretStore`, service ``budgetmeter``);
* phone and browser: Flet SecureStorage on the user's device (written in ``app/platform/`` against the
  :class:`SecretStore` protocol below);
* otherwise: :class:`MemorySecretStore`, which forgets everything when the app stops.

**The caller chooses the candidates.** In web mode the Python process runs on the server, so its OS
keyring is the *server's* keyring: a web session must never be given a :class:`KeyringSecretStore`
(pass only the browser's SecureStorage store and memory). :func:`choose_secret_store` then takes the
first usable candidate and falls back to memory; ``store.persistent`` is False for that fallback so the
UI can say that the login is only kept in memory.

Plaintext keyrings (``keyrings.alt`` ``PlaintextKeyring`` and any other file backend) are refused:
they would write secrets to a plain file.

Preferences (:class:`PreferenceStore`) hold JSON-able values that are not secret: saved client
profiles, cached balances, the chosen language.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import anyio.to_thread

log = logging.getLogger("budgetmeter.credentials")

SERVICE_NAME = "budgetmeter"


class SecretStoreError(Exception):
    """A secret store that looked usable failed (locked keyring, D-Bus gone, ...).

    ``code`` is stable for the UI; the message never contains the secret."""

    code = "secret_store_failed"


@runtime_checkable
class SecretStore(Protocol):
    """Async key/value store of short strings that must stay secret and on the user's device.

    ``persistent``: values survive a restart of the app. ``kind``: "keyring", "secure_storage",
    "memory", ... (for the UI and logs). Implementations may also offer ``async usable() -> bool``,
    which :func:`choose_secret_store` calls before picking them."""

    persistent: bool
    kind: str

    async def get(self, key: str) -> str | None: ...

    async def set(self, key: str, value: str) -> None: ...

    async def delete(self, key: str) -> None: ...


class MemorySecretStore:
    """Keeps secrets in this process only. ``fallback`` is True when it was chosen because no
    persistent store was usable; ``fallback_reason`` then says why (a stable code)."""

    persistent = False
    kind = "memory"

    def __init__(self, *, fallback: bool = False, fallback_reason: str | None = None) -> None:
        self._values: dict[str, str] = {}
        self.fallback = fallback
        self.fallback_reason = fallback_reason

    def __repr__(self) -> str:
        return f"MemorySecretStore({len(self._values)} keys, fallback={self.fallback})"

    async def usable(self) -> bool:
        return True

    async def get(self, key: str) -> str | None:
        return self._values.get(key)

    async def set(self, key: str, value: str) -> None:
        self._values[key] = value

    async def delete(self, key: str) -> None:
        self._values.pop(key, None)


def _backend_refusal(backend: Any) -> str | None:
    """Why this keyring backend must not hold our secrets, or None when it may."""
    from keyring.backends import fail

    cls = type(backend)
    module = cls.__module__ or ""
    name = cls.__name__.lower()
    if isinstance(backend, fail.Keyring):
        return "no_keyring"
    if module.startswith("keyring.backends.null"):
        return "no_keyring"
    if module.startswith("keyrings.alt") or "plaintext" in name or "file" in name.replace("profile", ""):
        return "plaintext_keyring"
    children = getattr(backend, "backends", None)
    if module.startswith("keyring.backends.chainer"):
        if not children:
            return "no_keyring"
        for child in children:
            reason = _backend_refusal(child)
            if reason == "plaintext_keyring":
                return reason
        if all(_backend_refusal(child) for child in children):
            return "no_keyring"
    return None


class KeyringSecretStore:
    """The OS keyring (Secret Service, macOS Keychain, Windows Credential Locker) via ``keyring``.

    Only for the desktop app, where the Python process runs on the user's machine: never in web mode
    (see the module docstring). Calls run in a worker thread since keyrings may block on D-Bus."""

    persistent = True
    kind = "keyring"

    def __init__(self, service: str = SERVICE_NAME, backend: Any = None) -> None:
        self.service = service
        self._backend = backend
        self.refusal: str | None = None

    def __repr__(self) -> str:
        return f"KeyringSecretStore(service={self.service!r})"

    def backend(self) -> Any:
        if self._backend is not None:
            return self._backend
        import keyring

        return keyring.get_keyring()

    async def usable(self) -> bool:
        """False for the fail/null backend, plaintext or file backends, and keyrings that refuse a
        test write (NoKeyringError on a headless box, a locked or absent Secret Service)."""
        try:
            backend = self.backend()
        except Exception as exc:  # keyring's own discovery may fail in odd environments
            log.info("No keyring backend: %s", type(exc).__name__)
            self.refusal = "no_keyring"
            return False
        self.refusal = _backend_refusal(backend)
        if self.refusal:
            log.info("Keyring backend %s refused: %s", type(backend).__name__, self.refusal)
            return False
        probe_key = "__budgetmeter_probe__"
        try:
            await self._call(backend.set_password, self.service, probe_key, "probe")
            ok = await self._call(backend.get_password, self.service, probe_key) == "probe"
            await self._call(backend.delete_password, self.service, probe_key)
        except Exception as exc:
            log.info("Keyring backend %s failed a probe: %s", type(backend).__name__, type(exc).__name__)
            self.refusal = "keyring_failed"
            return False
        if not ok:
            self.refusal = "keyring_failed"
        return ok

    @staticmethod
    async def _call(fn: Any, *args: Any) -> Any:
        return await anyio.to_thread.run_sync(fn, *args)

    async def get(self, key: str) -> str | None:
        try:
            return await self._call(self.backend().get_password, self.service, key)
        except Exception as exc:
            raise SecretStoreError(f"keyring get failed: {type(exc).__name__}") from None

    async def set(self, key: str, value: str) -> None:
        try:
            await self._call(self.backend().set_password, self.service, key, value)
        except Exception as exc:
            raise SecretStoreError(f"keyring set failed: {type(exc).__name__}") from None

    async def delete(self, key: str) -> None:
        from keyring.errors import PasswordDeleteError

        try:
            await self._call(self.backend().delete_password, self.service, key)
        except PasswordDeleteError:
            pass  # nothing stored under that key
        except Exception as exc:
            raise SecretStoreError(f"keyring delete failed: {type(exc).__name__}") from None


async def choose_secret_store(candidates: Iterable[SecretStore]) -> SecretStore:
    """The first usable candidate, else a :class:`MemorySecretStore` with ``fallback=True``.

    The caller decides what may be a candidate: on the desktop ``[KeyringSecretStore()]``; in web
    mode or on a phone only the device's SecureStorage store, **never** ``KeyringSecretStore`` in web
    mode (it would be the server's keyring)."""
    reasons: list[str] = []
    for store in candidates:
        check = getattr(store, "usable", None)
        try:
            ok = True if check is None else bool(await check())
        except Exception as exc:
            log.info("Secret store %s failed its check: %s", getattr(store, "kind", "?"), type(exc).__name__)
            ok = False
        if ok:
            return store
        reasons.append(getattr(store, "refusal", None) or "unusable")
    return MemorySecretStore(fallback=True, fallback_reason=reasons[0] if reasons else "no_candidates")


# --- preferences (not secret) -------------------------------------------------------------------


@runtime_checkable
class PreferenceStore(Protocol):
    """Async key/value store of JSON-able values that are **not** secret.

    ``read_problem``: None, or a stable code once a read could not be done and gave the default
    instead ("preferences_unreadable"), so that the app can tell the user rather than lose saved
    clients without a word (see :class:`app.state.device.WatchedPreferences`)."""

    read_problem: str | None

    async def get(self, key: str, default: Any = None) -> Any: ...

    async def set(self, key: str, value: Any) -> None: ...

    async def delete(self, key: str) -> None: ...


class MemoryPreferenceStore:
    read_problem: str | None = None  # memory cannot fail to read

    def __init__(self, initial: dict[str, Any] | None = None) -> None:
        self._values: dict[str, Any] = {}
        for key, value in (initial or {}).items():
            self._values[key] = json.loads(json.dumps(value))

    async def get(self, key: str, default: Any = None) -> Any:
        if key not in self._values:
            return default
        # A copy, as a file-backed store would give: callers cannot change the stored value in place.
        return json.loads(json.dumps(self._values[key]))

    async def set(self, key: str, value: Any) -> None:
        self._values[key] = json.loads(json.dumps(value))

    async def delete(self, key: str) -> None:
        self._values.pop(key, None)

    def snapshot(self) -> dict[str, Any]:
        return json.loads(json.dumps(self._values))


def default_preferences_path() -> Path:
    """``preferences.json`` in the per-OS user data folder (desktop)."""
    import platformdirs

    return Path(platformdirs.user_data_dir("budgetmeter", appauthor=False)) / "preferences.json"


class JsonFilePreferenceStore:
    """All preferences in one small JSON file, written atomically (temp file + rename).

    A damaged file is moved aside (``.corrupt``) and the app starts with empty preferences."""

    def __init__(self, path: str | os.PathLike[str] | None = None) -> None:
        self.path = Path(path) if path is not None else default_preferences_path()
        self._values: dict[str, Any] | None = None
        self.read_problem: str | None = None

    def _load(self) -> dict[str, Any]:
        if self._values is not None:
            return self._values
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            if not isinstance(data, dict):
                raise ValueError("not an object")
        except FileNotFoundError:
            data = {}
        except (OSError, ValueError) as exc:
            log.warning("Preferences file unreadable (%s); moved aside, starting empty", type(exc).__name__)
            self.read_problem = "preferences_unreadable"
            try:
                self.path.replace(self.path.with_suffix(self.path.suffix + ".corrupt"))
            except OSError:
                pass
            data = {}
        self._values = data
        return data

    def _save(self) -> None:
        assert self._values is not None
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".preferences-", suffix=".json", dir=self.path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump(self._values, f, ensure_ascii=False, indent=1, sort_keys=True)
            os.replace(tmp, self.path)
        except BaseException:
            try:
                os.unlink(tmp)
            except OSError:
                pass
            raise

    async def get(self, key: str, default: Any = None) -> Any:
        values = self._load()
        if key not in values:
            return default
        return json.loads(json.dumps(values[key]))

    async def set(self, key: str, value: Any) -> None:
        values = self._load()
        values[key] = json.loads(json.dumps(value))  # refuses what is not JSON-able, before writing
        self._save()

    async def delete(self, key: str) -> None:
        values = self._load()
        if key in values:
            del values[key]
            self._save()


__all__ = [
    "JsonFilePreferenceStore",
    "KeyringSecretStore",
    "MemoryPreferenceStore",
    "MemorySecretStore",
    "PreferenceStore",
    "SecretStore",
    "SecretStoreError",
    "choose_secret_store",
    "default_preferences_path",
]
