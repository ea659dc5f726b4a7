"""Running ``python -m together`` as a child process, as an operator would."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[3]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def child_env(**overrides: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DISCORD_", "OTEL_"))}
    env.pop("DATABASE_URL", None)
    env["PYTHONPATH"] = str(ROOT)
    # The emulator's default port (HTTP_PORT + 1) may be taken on a busy test machine; pick a free one.
    env["EMULATOR_PORT"] = str(free_port())
    env.update(overrides)
    return env


@dataclass(frozen=True)
class Child:
    """A running ``together run`` whose output goes to files: a pipe nobody reads while it runs would fill up
    and block the child mid-start."""

    process: subprocess.Popen[str]
    stdout_path: Path
    stderr_path: Path

    def stop(self, timeout: float = 60.0) -> tuple[int, str, str]:
        """SIGTERM, wait; return the exit code and what it wrote to stdout and stderr."""
        self.process.send_signal(signal.SIGTERM)
        code = self.process.wait(timeout=timeout)
        return code, self.stdout_path.read_text(), self.stderr_path.read_text()


def start(env: dict[str, str], cwd: Path) -> Child:
    index = len(list(cwd.glob("stdout-*.log")))
    out, err = cwd / f"stdout-{index}.log", cwd / f"stderr-{index}.log"
    with out.open("w") as stdout, err.open("w") as stderr:
        process = subprocess.Popen(
            [sys.executable, "-m", "together", "run"], env=env, cwd=cwd, stdout=stdout, stderr=stderr, text=True
        )
    return Child(process, out, err)


def get_json(url: str) -> tuple[int, dict[str, Any]]:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read())


def wait_for(url: str, predicate: Any, timeout: float = 30.0) -> dict[str, Any]:
    """Poll ``url`` until ``predicate(body)`` holds; return the body."""
    deadline = time.monotonic() + timeout
    last: object = None
    while time.monotonic() < deadline:
        try:
            _, body = get_json(url)
        except (OSError, ValueError) as exc:
            last = exc
        else:
            last = body
            if predicate(body):
                return body
        time.sleep(0.2)
    raise AssertionError(f"{url} never satisfied the condition; last answer: {last!r}")
