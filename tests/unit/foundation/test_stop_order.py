"""The root tree stops in the manual's order, not the start order, and reports a failing or hanging step."""

from __future__ import annotations

import anyio
import pytest

from actors import ChildSpec, ServiceHandle, Supervisor
from together.app import STOP_ORDER

pytestmark = pytest.mark.anyio

START_ORDER = ("watchdog", "http", "postgres pool", "discord emulator", "actors", "jobs", "discord")


def _service(log: list[str], name: str, *, fail: bool = False, hang: bool = False) -> ChildSpec:
    async def run(handle: ServiceHandle) -> None:
        handle.started()
        await handle.wait_stop()
        log.append(name)
        if hang:
            await anyio.sleep_forever()
        if fail:
            raise RuntimeError(f"{name} broke")

    return ChildSpec.service(name, run, cooperative=True, shutdown_timeout_s=0.05)


async def _run_and_stop(children: list[ChildSpec]) -> Supervisor:
    root = Supervisor(children, stop_order=STOP_ORDER)
    started = anyio.Event()
    async with anyio.create_task_group() as tg:
        tg.start_soon(root.run, ServiceHandle("root", on_started=started.set))
        await started.wait()
        root.request_stop()
    return root


async def test_stop_order_follows_the_manual_not_the_start_order() -> None:
    log: list[str] = []
    root = await _run_and_stop([_service(log, name) for name in START_ORDER])
    assert log == ["jobs", "actors", "postgres pool", "discord", "discord emulator", "http", "watchdog"]
    assert root.stopped == log
    assert root.failed_stops == []


async def test_a_failing_or_hanging_step_does_not_stop_the_rest() -> None:
    log: list[str] = []
    root = await _run_and_stop(
        [
            _service(log, "http"),
            _service(log, "postgres pool", fail=True),
            _service(log, "jobs", hang=True),
        ]
    )
    assert log == ["jobs", "postgres pool", "http"]
    assert root.failed_stops == ["jobs", "postgres pool"]
