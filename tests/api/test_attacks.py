"""Online guessing, timing, slow clients and logs: what an attacker gets."""

from __future__ import annotations

import socket
import statistics
import time
from urllib.parse import urlparse

import httpx

from server.core.settings import Settings
from server.store import throttle
from server.store.db import Database
from server.store.schema import migrate
from server.api.routes.auth import identity_rule
from server.store.throttle import ThrottleRule

from .conftest import DEMO, fresh_address

DAY = 24 * 60 * 60


def _attacker_day(db: Database, rules: list[ThrottleRule], settings: Settings, waits: list[int] | None = None) -> int:
    """An attacker who tries again the very second the throttle allows, for one whole day, on a
    simulated clock, through the same store functions the login route uses. Returns the tries; the
    waits imposed go into `waits`."""
    now, tries = 1_800_000_000, 0
    end = now + DAY
    keys = [r.key for r in rules]
    while now < end:
        with db.transaction(write=True) as tx:
            wait = throttle.retry_after(tx, keys, now=now)
            if wait == 0:
                tries += 1
                throttle.record_failure(
                    tx,
                    rules,
                    now=now,
                    window_seconds=settings.throttle_window_seconds,
                    base_lock_seconds=settings.throttle_base_lock_seconds,
                    max_lock_seconds=settings.throttle_max_lock_seconds,
                )
            elif waits is not None:
                waits.append(wait)
        now += max(wait, 1)
    return tries


def delay_bound_per_day(settings: Settings) -> int:
    """The most tries per identity in a rolling day the delays allow: the free failures, then one try
    per delay (base, doubling, then the cap) as long as the delays add up to less than a day."""
    tries, spent, n = settings.throttle_max_failures, 0, 0
    while True:
        spent += min(settings.throttle_max_delay_seconds, settings.throttle_base_lock_seconds * 2**n)
        if spent >= DAY:
            return tries
        tries, n = tries + 1, n + 1


def test_guesses_per_code_per_day_are_bounded_by_the_delays(tmp_path) -> None:
    settings = Settings()
    db = Database(str(tmp_path / "t.sqlite3"))
    migrate(db)
    # An attacker with a fresh address for every try: only the code's own rule stops them.
    waits: list[int] = []
    tries = _attacker_day(db, [identity_rule("prepaid:x", settings)], settings, waits)
    bound = delay_bound_per_day(settings)
    # 5 free, then 60, 120, 240 s, then one try per 300 s: 5 + 3 + 286 = 294 tries a day at most.
    assert bound == 294 and settings.throttle_max_delay_seconds == 300
    assert settings.throttle_max_failures <= tries <= bound
    # Never a lock-out: the owner waits at most the cap, then logs in.
    assert max(waits) <= settings.throttle_max_delay_seconds
    # 10 digits are 10^10 codes: at 294 a day, guessing one known household's code takes ~93,000 years.


def test_guesses_per_address_per_day_are_capped(tmp_path) -> None:
    settings = Settings()
    db = Database(str(tmp_path / "t.sqlite3"))
    migrate(db)
    address = ThrottleRule(
        "address:y", settings.throttle_max_failures_per_address, settings.throttle_max_failures_per_address_per_day
    )
    # Each try with another code: only the address rule can stop this attacker.
    tries = _attacker_day(db, [address], settings)
    assert tries <= settings.throttle_max_failures_per_address_per_day == 100


def test_timing_does_not_tell_wrong_postcode_from_wrong_code(make_server) -> None:
    proc = make_server(
        env={
            "BUDGETMETER_THROTTLE_MAX_FAILURES": "100000",
            "BUDGETMETER_THROTTLE_MAX_FAILURES_PER_ADDRESS": "100000",
            "BUDGETMETER_THROTTLE_MAX_FAILURES_PER_ADDRESS_PER_DAY": "100000",
        }
    )
    wrong_postcode = {"prepaid_code": DEMO["an"]["prepaid_code"], "postal_code": "9050"}
    wrong_code = {"prepaid_code": "1111 2222 34", "postal_code": "9000"}
    # Paired and alternated: each pair is one request of each kind back to back, in turns of order, so
    # whatever else the machine does (the suite runs on every core) falls on both alike. Judged by a
    # sign test: with no difference, the wrong code is the slower of its pair about half the time; a
    # path that does more (a password hash, a database round trip) is slower in nearly every pair.
    # Medians of all samples were not enough: another process's burst of work moved them by
    # milliseconds on one side (seen under pytest-xdist).
    slower_code = 0
    differences: list[float] = []
    pairs = 200
    with httpx.Client(base_url=proc.url, headers=fresh_address(), timeout=10) as c:
        for _ in range(5):  # warm up connections and caches
            c.post("/api/v1/auth/prepaid", json=wrong_code)
        for i in range(pairs):
            order = (("postcode", wrong_postcode), ("code", wrong_code))
            took: dict[str, float] = {}
            for name, body in order if i % 2 == 0 else order[::-1]:
                start = time.perf_counter()
                r = c.post("/api/v1/auth/prepaid", json=body)
                took[name] = time.perf_counter() - start
                assert r.status_code == 401
            slower_code += took["code"] > took["postcode"]
            differences.append(took["code"] - took["postcode"])
    share = slower_code / pairs
    # 0.30..0.70 is over five standard deviations of a fair coin's share in 200 tosses.
    assert 0.30 <= share <= 0.70, (share, statistics.median(differences))


def test_slow_clients_do_not_starve_others(server) -> None:
    url = urlparse(server.url)
    stalled = []
    try:
        for _ in range(150):
            s = socket.create_connection((url.hostname, url.port), timeout=5)
            s.sendall(b"POST /api/v1/auth/prepaid HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n")
            stalled.append(s)
        r = httpx.post(f"{server.url}/api/v1/auth/prepaid", json=DEMO["an"], headers=fresh_address(), timeout=10)
        assert r.status_code == 200
    finally:
        for s in stalled:
            s.close()


def test_a_full_run_logs_no_secrets(make_server) -> None:
    proc = make_server()
    with httpx.Client(base_url=proc.url, headers=fresh_address(), timeout=10) as c:
        c.post("/api/v1/auth/prepaid", json={"prepaid_code": "1111-2222-34", "postal_code": "9000"})
        token = c.post("/api/v1/auth/prepaid", json=DEMO["an"]).json()["access_token"]
        c.post("/api/v1/auth/login", json={"username": "an.peeters", "password": "Wrong-Pass-1"})
        password_token = c.post("/api/v1/auth/login", json={"username": "an.peeters", "password": "Demo-2026!"}).json()[
            "access_token"
        ]
        auth = {"Authorization": f"Bearer {token}"}
        ean = c.get("/api/v1/me", headers=auth).json()["meters"][0]["ean"]
        c.get(f"/api/v1/meters/{ean}/balance", headers=auth)
        c.post(f"/api/v1/meters/{ean}/pending-topups", json={"amount_cents": 2000}, headers={**auth, "Idempotency-Key": "log-test-key-1"})
        c.post("/api/v1/auth/logout", headers=auth)
    proc.stop()
    log = proc.log()
    assert "POST /api/v1/auth/prepaid" in log  # the log was really captured
    for secret in ("1111 2222 33", "1111222233", "1111-2222-34", "1111222234", "Demo-2026!", "Wrong-Pass-1", token, password_token):
        assert secret not in log


def test_many_helpers_of_one_office_logging_in_at_once_do_not_lock_it(make_server) -> None:
    import threading

    proc = make_server(env={"BUDGETMETER_THROTTLE_MAX_FAILURES_PER_ADDRESS": "4"})
    office = fresh_address()
    barrier = threading.Barrier(12)
    statuses: list[int] = []

    def log_in(who: str) -> None:
        barrier.wait()
        statuses.append(httpx.post(f"{proc.url}/api/v1/auth/prepaid", json=DEMO[who], headers=office, timeout=20).status_code)

    threads = [threading.Thread(target=log_in, args=(who,)) for who in list(DEMO) * 3]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    # Twelve correct logins from one address, more at once than the address allows failures:
    # each failure counted ahead is withdrawn on success, and so is a lock it set.
    after = httpx.post(f"{proc.url}/api/v1/auth/prepaid", json=DEMO["an"], headers=office, timeout=20)
    assert after.status_code == 200, statuses
