"""At the root, a spent restart budget ends the process with a non-zero status, never a silent log line."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

SCRIPT = textwrap.dedent(
    """
    import anyio
    from actors import Actor, ActorKind, ActorSystem, Backoff, ChildSpec, Strategy, Supervisor, ServiceHandle

    class Echo(Actor):
        async def receive(self, message):
            return message

    async def flaky(handle: ServiceHandle) -> None:
        handle.started()
        await anyio.sleep(0.01)
        raise RuntimeError("database went away")

    async def main() -> None:
        system = ActorSystem([ActorKind(name="echo", factory=Echo)])
        root = Supervisor(
            [ChildSpec.service("actors", system.run, cooperative=True), ChildSpec.service("db", flaky)],
            strategy=Strategy.REST_FOR_ONE, max_restarts=2, within_s=10,
            backoff=Backoff(min_s=0.01, max_s=0.02, random_factor=0.0),
        )
        try:
            await root.run()
        finally:
            print("ready:", root.ready, "system ready:", system.ready, flush=True)

    anyio.run(main)
    """
)


def test_escalation_at_the_root_exits_non_zero() -> None:
    root = Path(__file__).resolve().parents[3]
    result = subprocess.run([sys.executable, "-c", SCRIPT], cwd=root, capture_output=True, text=True,
                            timeout=60, check=False)
    assert result.returncode != 0
    assert "SupervisorEscalated" in result.stderr
    assert "supervisor 'root' escalated: RuntimeError: database went away" in result.stderr
    assert "ready: False system ready: False" in result.stdout
