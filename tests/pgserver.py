"""A throw-away PostgreSQL server on loopback for the tests: initdb in a temp folder, pg_ctl start.

Uses Debian's postgresql binaries (`.ci/run` installs them). As root, PostgreSQL refuses to run, so
the cluster runs as the `postgres` system user.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from tests.serverproc import free_port


def find_bindir() -> Path | None:
    for candidate in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        if Path(candidate, "initdb").exists():
            return Path(candidate)
    found = shutil.which("initdb")
    return Path(found).parent if found else None


@dataclass
class PostgresServer:
    url: str
    datadir: Path
    bindir: Path
    user_prefix: list[str]
    options: str

    def create_database(self, name: str) -> str:
        self._run(["createdb", "-h", "127.0.0.1", "-p", self.port, "-U", "budgetmeter", name])
        return self.url.rsplit("/", 1)[0] + "/" + name

    @property
    def port(self) -> str:
        return self.url.rsplit(":", 1)[1].split("/")[0]

    def _run(self, args: list[str]) -> None:
        subprocess.run(self.user_prefix + [str(self.bindir / args[0]), *args[1:]], check=True, capture_output=True)

    def pause(self) -> None:
        """Stop the server and keep its data (the store down, as when its machine restarts)."""
        self._run(["pg_ctl", "-D", str(self.datadir), "-m", "fast", "-w", "stop"])

    def resume(self) -> None:
        """Start it again after ``pause``, on its port with its options."""
        self._run(["pg_ctl", "-D", str(self.datadir), "-l", str(self.datadir.parent / "log"), "-o", self.options, "-w", "start"])

    def stop(self) -> None:
        subprocess.run(
            self.user_prefix + [str(self.bindir / "pg_ctl"), "-D", str(self.datadir), "-m", "immediate", "stop"],
            capture_output=True,
        )
        shutil.rmtree(self.datadir.parent, ignore_errors=True)


def start_postgres() -> PostgresServer:
    bindir = find_bindir()
    if bindir is None:
        raise RuntimeError("PostgreSQL binaries not found (apt-get install postgresql)")
    root = Path(tempfile.mkdtemp(prefix="bm-pg-"))
    datadir = root / "data"
    prefix: list[str] = []
    if os.geteuid() == 0:
        pw = pwd.getpwnam("postgres")
        os.chown(root, pw.pw_uid, pw.pw_gid)
        prefix = ["runuser", "-u", "postgres", "--"]
    port = free_port()
    # Room for every server process the session keeps (each holds a connection per thread): at the
    # default 100, a full run ran out ("too many clients") and answered 500s.
    options = f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=400"
    subprocess.run(
        prefix + [str(bindir / "initdb"), "-D", str(datadir), "-U", "budgetmeter", "--auth=trust", "-E", "UTF8"],
        check=True,
        capture_output=True,
    )
    subprocess.run(
        prefix
        + [
            str(bindir / "pg_ctl"),
            "-D",
            str(datadir),
            "-l",
            str(root / "log"),
            "-o",
            options,
            "-w",
            "start",
        ],
        check=True,
        capture_output=True,
    )
    url = f"postgresql://budgetmeter@127.0.0.1:{port}/postgres"
    deadline = time.monotonic() + 20
    import psycopg

    while True:
        try:
            psycopg.connect(url).close()
            break
        except psycopg.OperationalError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)
    return PostgresServer(url=url, datadir=datadir, bindir=bindir, user_prefix=prefix, options=options)
