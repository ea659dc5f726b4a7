"""``together run`` as a process: healthy start, clean SIGTERM stop, one-line errors with non-zero exits."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.acceptance.foundation._process import ROOT, Child, child_env, free_port, start, wait_for

pytestmark = pytest.mark.slow


def _stop(child: Child) -> tuple[int, list[dict[str, object]], str]:
    code, stdout, stderr = child.stop()
    lines = [json.loads(line) for line in stdout.splitlines() if line.startswith("{")]
    return code, lines, stderr


def test_run_gets_healthy_and_stops_cleanly_on_sigterm(database_url: str, tmp_path: Path) -> None:
    port = free_port()
    child = start(child_env(DATABASE_URL=database_url, HTTP_PORT=str(port)), tmp_path)
    try:
        body = wait_for(f"http://127.0.0.1:{port}/healthz", lambda b: b.get("ok") is True)
        assert set(body) == {"ok", "version", "uptime", "db", "discord", "boss", "maintenance"}
        assert (body["db"], body["discord"], body["boss"], body["maintenance"]) == ("ok", "ready", "ok", False)
    finally:
        code, lines, stderr = _stop(child)
    assert code == 0, stderr
    messages = [line["msg"] for line in lines]
    assert "shutdown started" in messages and messages[-1] == "shutdown complete"
    steps = [line["step"] for line in lines if line["msg"] == "stopped"]
    # The manual's order: jobs, then the pool, then Discord, then HTTP; the watchdog watches until the end.
    order = ["jobs", "postgres pool", "discord", "http", "watchdog"]
    assert steps[-1] == "watchdog"
    assert [s for s in steps if s in order] == order
    # The watchdog's first heartbeat goes out at start.
    assert "heartbeat" in messages
    assert "secret" not in "".join(str(line) for line in lines)


def test_embedded_postgres_is_started_and_reused(tmp_path: Path) -> None:
    for _ in range(2):
        port = free_port()
        child = start(child_env(DATA_DIR=str(tmp_path / "data"), HTTP_PORT=str(port)), tmp_path)
        try:
            wait_for(f"http://127.0.0.1:{port}/healthz", lambda b: b.get("db") == "ok")
        finally:
            code, lines, stderr = _stop(child)
        assert code == 0, stderr
        using = [line for line in lines if line["msg"] == "using database"]
        assert "embedded PostgreSQL" in str(using[0]["database"])
    assert (tmp_path / "data" / "pgdata" / "PG_VERSION").exists()


@pytest.mark.parametrize(
    ("overrides", "code", "fragment"),
    [
        ({"HTTP_PORT": "abc"}, 2, "HTTP_PORT"),
        ({"DATABASE_URL": "postgresql://nobody@127.0.0.1:1/none"}, 1, "cannot start"),
    ],
)
def test_bad_start_is_one_line_and_non_zero(
    overrides: dict[str, str], code: int, fragment: str, tmp_path: Path
) -> None:
    env = child_env(**{"HTTP_PORT": str(free_port()), **overrides})
    result = subprocess.run(
        [sys.executable, "-m", "together", "run"], env=env, cwd=tmp_path, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == code
    error_lines = result.stderr.strip().splitlines()
    assert len(error_lines) == 1, result.stderr
    assert fragment in error_lines[0]
    assert "Traceback" not in result.stderr


def test_version_flag() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "together", "--version"],
        env=child_env(),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 0
    assert result.stdout.startswith("together ")
