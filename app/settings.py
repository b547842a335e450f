"""The app's settings: one object, read from ``BUDGETMETER_*`` environment variables (as the server's
:mod:`server.core.settings`; the two share the prefix, each reads only its own names).

    settings = AppSettings()                 # or AppSettings(api_url="http://...") in code and tests
    BudgetmeterClient(settings.api_url, **settings.client_options())

==================================== ======================== =====================================
Environment variable                 Default                  What it sets
==================================== ======================== =====================================
``BUDGETMETER_API_URL``              http://127.0.0.1:8000    the API server (a built app has no
                                                              embedded one; the launcher starts its
                                                              own unless given ``--api-url``)
``BUDGETMETER_API_TIMEOUT``          8                        seconds to wait for an answer
``BUDGETMETER_API_CONNECT_TIMEOUT``  3                        seconds to wait for a connection (never
                                                              more than the answer timeout)
``BUDGETMETER_API_ATTEMPTS``         2                        tries of a read before "offline"
``BUDGETMETER_REFRESH_SECONDS``      300                      balances refreshed this often
``BUDGETMETER_OFFLINE_RETRY_SECONDS`` 30                      ... and this often while offline
``BUDGETMETER_TILE_URL``             OpenStreetMap's standard map tiles of the top-up points map, as
                                     tiles (``{z}/{x}/{y}``)  a URL template; an operator points it
                                                              at its own tile server
``BUDGETMETER_TILE_ATTRIBUTION``     OpenStreetMap            who to credit under the map ("©" is
                                     contributors             added), and where that credit links:
``BUDGETMETER_TILE_ATTRIBUTION_URL`` openstreetmap.org/       OSM's tile policy asks for both
                                     copyright
``BUDGETMETER_METRICS_TOKEN``        (none: /metrics is 404)  bearer token of a web process's
                                                              ``GET /metrics``
``BUDGETMETER_LOG_FORMAT``           text                     ``json``: log lines as JSON objects
==================================== ======================== =====================================

An operator (or a fault test) tightens the timeouts and the retry to see "offline" sooner. The
device's language comes from the usual locale variables (``LC_ALL``, ``LC_MESSAGES``, ``LANG``,
``LANGUAGE``, in that order), read here too so that nothing else in the app reads the environment.
A value that does not parse raises :class:`SettingsError` with one sentence naming the variable.
"""

from __future__ import annotations

from typing import Any

from pydantic import AliasChoices, Field, ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict

from app.state.language import language_of_locale

ENV_PREFIX = "BUDGETMETER_"
#: OpenStreetMap's standard tile layer (https://operations.osmfoundation.org/policies/tiles/: a valid
#: User-Agent naming the app, the attribution "© OpenStreetMap contributors" linked to the copyright page).
OSM_TILE_URL = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
#: How the app names itself to a tile server (flet-map sends it as its User-Agent on desktop and phones;
#: a browser always sends its own).
TILE_USER_AGENT_PACKAGE = "be.budgetmeter"


class SettingsError(Exception):
    """A setting from the environment that cannot be used; the message is one sentence."""


def _locale_var(name: str) -> Any:
    # The OS's own names, without our prefix.
    return Field(default=None, validation_alias=AliasChoices(name))


class AppSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix=ENV_PREFIX, extra="ignore", populate_by_name=True)

    api_url: str = Field(default="http://127.0.0.1:8000", min_length=1)
    api_timeout: float = Field(default=8.0, gt=0)
    api_connect_timeout: float = Field(default=3.0, gt=0)
    api_attempts: int = Field(default=2, ge=1)
    refresh_seconds: float = Field(default=300.0, gt=0)
    offline_retry_seconds: float = Field(default=30.0, gt=0)
    # Map tiles (app/widgets/points_map.py). The web client fetches them in CORS mode: the tile server
    # must answer with Access-Control-Allow-Origin (OSM's does), see the module's notes on COEP.
    tile_url: str = Field(default=OSM_TILE_URL, pattern=r"^https?://.*\{z\}.*\{x\}.*\{y\}")
    tile_attribution: str = Field(default="OpenStreetMap contributors", min_length=1)
    tile_attribution_url: str = Field(default="https://www.openstreetmap.org/copyright", min_length=1)
    #: Where people report an accessibility problem (an e-mail address or a web page), shown in the
    #: accessibility statement; without it the statement says to tell the organisation that gave the app.
    accessibility_contact: str | None = None
    #: Where the web client's compressed copies are kept (app/web/site.py); the user's cache folder when unset.
    web_cache: str | None = None
    #: GET /metrics of the web process answers only with this bearer token (app/web/metrics.py).
    metrics_token: str | None = None
    #: "json": log lines as JSON objects (app/web/logs.py); "text" otherwise.
    log_format: str = Field(default="text", pattern="^(text|json)$")

    lc_all: str | None = _locale_var("LC_ALL")
    lc_messages: str | None = _locale_var("LC_MESSAGES")
    lang: str | None = _locale_var("LANG")
    language: str | None = _locale_var("LANGUAGE")

    def client_options(self) -> dict[str, Any]:
        """Keyword arguments of :class:`app.api.client.BudgetmeterClient` for these settings."""
        return {
            "attempts": self.api_attempts,
            "connect_timeout": min(self.api_connect_timeout, self.api_timeout),
            "read_timeout": self.api_timeout,
        }

    @property
    def locale_language(self) -> str | None:
        """The first supported language among the locale variables ("C.UTF-8" is skipped)."""
        for value in (self.lc_all, self.lc_messages, self.lang, self.language):
            if lang := language_of_locale(value):
                return lang
        return None


def load_settings(**overrides: Any) -> AppSettings:
    """The settings from the environment (``overrides`` win); SettingsError on a bad value."""
    try:
        return AppSettings(**overrides)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = str(first["loc"][0]) if first.get("loc") else "?"
        name = field if field.isupper() else ENV_PREFIX + field.upper()
        raise SettingsError(f"{name} is not usable: {first['msg']}.") from None
