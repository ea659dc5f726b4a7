"""``together smoke``: the runbooks' smoke check against a running bot's HTTP endpoints."""

from __future__ import annotations

from dataclasses import dataclass

import aiohttp


@dataclass(frozen=True)
class SmokeResult:
    """One check and what it saw."""

    name: str
    ok: bool
    detail: str


async def run_smoke(base_url: str) -> list[SmokeResult]:
    """Probe ``/livez``, ``/healthz``, ``/readyz`` and ``/metrics``; never raises for a failing bot."""
    results: list[SmokeResult] = []
    timeout = aiohttp.ClientTimeout(total=5)
    async with aiohttp.ClientSession(timeout=timeout) as session:
        for path in ("/livez", "/healthz", "/readyz", "/metrics"):
            name = path.lstrip("/")
            try:
                async with session.get(base_url.rstrip("/") + path) as response:
                    if path == "/metrics":
                        text = await response.text()
                        ok = response.status == 200 and response.content_type == "text/plain"
                        detail = f"HTTP {response.status}, {len(text.splitlines())} lines"
                    else:
                        body = await response.json(content_type=None)
                        ok = response.status == 200
                        detail = f"HTTP {response.status} {body}"
            except (aiohttp.ClientError, TimeoutError, ValueError) as exc:
                ok, detail = False, f"{type(exc).__name__}: {exc}"
            results.append(SmokeResult(name, ok, detail))
    return results
