"""Who may call the server for which saved client: tokens, Prepaid-codes and the secret store.

    vault = TokenVault(await choose_secret_store([KeyringSecretStore()]))
    vault.keep(profile.id, token, code="1111222233")   # after a login, this run only
    await vault.remember(profile)                      # "remember me": into the secret store
    token = await vault.token_for(profile)             # memory first, then the secret store

Each saved client (profile) has its own token, so a helper's clients never share one. A token and
the Prepaid-code typed in this run are kept in memory; they go into the secret store only for a
profile the user asked to remember (``profile.remember``), as one JSON value under
:func:`~app.state.profiles.secret_key`.

A secret store that fails while in use (a keyring whose D-Bus went away) is replaced by memory for
the rest of the run, so logging in still works; ``failed`` turns True and ``on_fallback`` is called so
that the UI can say "kept in memory only". Log lines name the store and the exception type, never a
value.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import Any

from app.credentials import MemorySecretStore, SecretStore

from .profiles import ClientProfile, secret_key

log = logging.getLogger("budgetmeter.session")

Secret = dict[str, str]


class TokenVault:
    def __init__(self, store: SecretStore | None = None, *, on_fallback: Callable[[], Any] | None = None) -> None:
        self.store: SecretStore = store or MemorySecretStore(fallback=True, fallback_reason="no_candidates")
        #: The store failed while in use and secrets are now kept in memory only.
        self.failed = False
        self.on_fallback = on_fallback
        self._tokens: dict[str, str] = {}
        #: Prepaid-codes typed in this run, in memory only (for remember() later in the run).
        self._codes: dict[str, str] = {}

    @property
    def persistent(self) -> bool:
        """False: a remembered login only lasts until the app stops."""
        return bool(self.store.persistent)

    # --- this run -----------------------------------------------------------------------------------

    def token(self, profile_id: str) -> str | None:
        """The token in memory (no store access)."""
        return self._tokens.get(profile_id)

    def keep(self, profile_id: str, token: str, *, code: str | None = None) -> None:
        """A login's token, and for a Prepaid-code login the code typed (None forgets an older one)."""
        self._tokens[profile_id] = token
        if code is None:
            self._codes.pop(profile_id, None)
        else:
            self._codes[profile_id] = code

    # --- the secret store, with its fallback to memory ---------------------------------------------

    async def read(self, profile_id: str) -> Secret:
        """The remembered secret of a profile; {} when there is none or it is damaged."""
        try:
            raw = await self.store.get(secret_key(profile_id))
        except Exception as exc:
            self._fall_back(exc)
            raw = await self.store.get(secret_key(profile_id))
        if not raw:
            return {}
        try:
            value = json.loads(raw)
        except ValueError:
            return {}
        return {k: v for k, v in value.items() if isinstance(v, str)} if isinstance(value, dict) else {}

    async def write(self, profile_id: str, secret: Secret) -> None:
        try:
            await self.store.set(secret_key(profile_id), json.dumps(secret))
        except Exception as exc:
            self._fall_back(exc)
            await self.store.set(secret_key(profile_id), json.dumps(secret))

    async def erase(self, profile_id: str) -> None:
        """Delete the remembered secret (memory of this run stays)."""
        try:
            await self.store.delete(secret_key(profile_id))
        except Exception as exc:
            self._fall_back(exc)  # the new memory store holds nothing to delete

    def _fall_back(self, exc: Exception) -> None:
        log.warning("Secret store %s failed (%s); keeping secrets in memory", self.store.kind, type(exc).__name__)
        self.store = MemorySecretStore(fallback=True, fallback_reason="secret_store_failed")
        self.failed = True
        if self.on_fallback is not None:
            self.on_fallback()

    # --- per profile -----------------------------------------------------------------------------------

    async def token_for(self, profile: ClientProfile) -> str | None:
        """The token in memory, else the remembered one (then kept in memory)."""
        token = self._tokens.get(profile.id)
        if token is None and profile.remember:
            token = (await self.read(profile.id)).get("token")
            if token:
                self._tokens[profile.id] = token
        return token

    async def remembered_code(self, profile: ClientProfile) -> str | None:
        """The Prepaid-code to log in again silently with, when the user asked to be remembered."""
        if not profile.remember or profile.login_kind != "prepaid":
            return None
        return (await self.read(profile.id)).get("prepaid_code") or None

    async def renew(self, profile: ClientProfile, token: str) -> None:
        """A token from a silent re-login replaces the old one, in memory and remembered."""
        self._tokens[profile.id] = token
        if profile.remember:
            await self.write(profile.id, {**await self.read(profile.id), "token": token})

    async def drop_token(self, profile: ClientProfile, token: str | None = None) -> None:
        """Forget the token (only if it is still ``token``, when given); a remembered code stays."""
        if token is not None and self._tokens.get(profile.id) != token:
            return  # another call already replaced it
        self._tokens.pop(profile.id, None)
        if profile.remember:
            secret = await self.read(profile.id)
            if "token" in secret:
                secret.pop("token")
                if secret:
                    await self.write(profile.id, secret)
                else:
                    await self.erase(profile.id)

    async def remember(self, profile: ClientProfile) -> None:
        """Put what this run knows (token, Prepaid-code typed) in the store; with nothing to keep,
        an older secret is erased."""
        secret: Secret = {}
        if token := self._tokens.get(profile.id):
            secret["token"] = token
        if profile.login_kind == "prepaid" and profile.id in self._codes:
            secret["prepaid_code"] = self._codes[profile.id]
        if secret:
            await self.write(profile.id, secret)
        else:
            await self.erase(profile.id)

    async def release(self, profile: ClientProfile) -> str | None:
        """End this run's session of ``profile``: returns its token (to revoke on the server) and
        drops it and the code typed; a remembered Prepaid-code stays (a helper comes back later)."""
        token = await self.token_for(profile)
        await self.drop_token(profile)
        self._codes.pop(profile.id, None)
        return token

    async def forget_code(self, profile_id: str) -> None:
        """The Prepaid-code no longer works: forget it here and in the store."""
        self._codes.pop(profile_id, None)
        await self.erase(profile_id)

    async def forget(self, profile_id: str) -> None:
        """Everything of a profile removed from this device."""
        self._tokens.pop(profile_id, None)
        self._codes.pop(profile_id, None)
        await self.erase(profile_id)
