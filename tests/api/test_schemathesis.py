"""Property-based run over our own OpenAPI schema with all of schemathesis' checks: no server errors,
no answer that breaks the schema, no valid request refused, no invalid request accepted."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from .conftest import DEMO

CONFIG = Path(__file__).with_name("schemathesis.toml")


@pytest.fixture
def fuzz_server(make_server):
    # A server of its own: fuzzed logins would otherwise lock the shared test server's throttles.
    proc = make_server(env={"BUDGETMETER_THROTTLE_MAX_FAILURES_PER_ADDRESS": "1000000"})
    yield proc
    proc.stop()


def test_openapi_fuzzing_finds_no_failures(fuzz_server, tmp_path: Path) -> None:
    token = httpx.post(f"{fuzz_server.url}/api/v1/auth/prepaid", json=DEMO["an"]).json()["access_token"]
    exe = shutil.which("schemathesis", path=str(Path(sys.executable).parent)) or "schemathesis"
    result = subprocess.run(
        [
            exe,
            "--config-file",
            str(CONFIG),
            "run",
            f"{fuzz_server.url}/openapi.json",
            # No --checks: all of them run (a --checks on the command line would override the
            # per-operation exception in the config file).
            "--header",
            f"Authorization: Bearer {token}",
            # The helper logs out with its own token: keep it out, or it would end the run's session.
            "--exclude-operation-id",
            "logout",
            "--max-examples",
            "40",
            "--workers",
            "2",
            "--seed",
            "20261124",
            "--no-color",
        ],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
    assert "Traceback" not in fuzz_server.log()


def test_operator_api_fuzzing_finds_no_server_errors(fuzz_server, tmp_path: Path) -> None:
    """The operator routes with a real operator key. Their bodies are checked item by item by our own
    code (a bad item is a `rejected` result, not a refused batch), so OpenAPI cannot say which bodies
    are valid: only the checks that need no such knowledge run."""
    from .operator_helpers import create_key

    key = create_key(fuzz_server.database)
    exe = shutil.which("schemathesis", path=str(Path(sys.executable).parent)) or "schemathesis"
    result = subprocess.run(
        [
            exe,
            "run",
            f"{fuzz_server.url}/openapi.json",
            "--header",
            f"Authorization: Bearer {key}",
            "--include-path-regex",
            "^/api/v1/operator/",
            # The coverage phase stops with an internal error of schemathesis' own (an AST recursion
            # mismatch in hypothesis) on these free-form bodies; the fuzzing phase covers them.
            "--phases",
            "examples,fuzzing",
            "--checks",
            "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance",
            "--max-examples",
            "30",
            "--workers",
            "2",
            "--seed",
            "20261127",
            "--no-color",
        ],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
    assert "Traceback" not in fuzz_server.log()
    assert key not in fuzz_server.log()
