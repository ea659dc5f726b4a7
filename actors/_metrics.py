"""Actor metrics on ``telemetry.REGISTRY``, kept as plain counters and exposed by one collector.

``prometheus_client`` metrics take a lock on every update (a few hundred nanoseconds each); a turn costs about
a microsecond, so the runtime counts into per-kind slotted objects and a custom collector renders them at
scrape time. Labels are low-cardinality: the actor kind (never the key), plus an outcome or reason.
"""

from __future__ import annotations

import bisect
import threading
import weakref
from collections.abc import Iterable, Iterator
from typing import Final, Protocol

from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, HistogramMetricFamily
from prometheus_client.registry import Collector

from telemetry import REGISTRY

#: Turn latency buckets in seconds (sub-millisecond turns up to slow renders).
TURN_BUCKETS: Final = (0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0,
                       2.5, 5.0, 10.0)


class KindStats:
    """Counters for one actor kind in one system (single-threaded: only the event loop writes them)."""

    __slots__ = ("buckets", "coalesced", "dead_letters", "messages", "passivations", "restarts", "turn_count",
                 "turn_sum")

    def __init__(self) -> None:
        self.messages: dict[str, int] = {}
        self.restarts: dict[str, int] = {}
        self.dead_letters: dict[str, int] = {}
        self.passivations = 0
        self.coalesced = 0
        self.buckets = [0] * (len(TURN_BUCKETS) + 1)
        self.turn_count = 0
        self.turn_sum = 0.0

    def observe_turn(self, seconds: float) -> None:
        """Record one turn's duration."""
        self.buckets[bisect.bisect_left(TURN_BUCKETS, seconds)] += 1
        self.turn_count += 1
        self.turn_sum += seconds

    def merge(self, other: KindStats) -> None:
        """Add another system's counts for the same kind."""
        for mine, theirs in ((self.messages, other.messages), (self.restarts, other.restarts),
                             (self.dead_letters, other.dead_letters)):
            for label, n in theirs.items():
                mine[label] = mine.get(label, 0) + n
        self.passivations += other.passivations
        self.coalesced += other.coalesced
        self.turn_count += other.turn_count
        self.turn_sum += other.turn_sum
        self.buckets = [a + b for a, b in zip(self.buckets, other.buckets, strict=True)]

    @staticmethod
    def bump(table: dict[str, int], label: str, n: int = 1) -> None:
        """Add ``n`` to ``table[label]``."""
        table[label] = table.get(label, 0) + n


class StatsSource(Protocol):
    """Something that reports per-kind stats and gauges (an actor system)."""

    def metric_kinds(self) -> Iterable[tuple[str, KindStats, int, int]]:
        """``(kind, stats, active actors, queued messages)`` for every kind."""


class _ActorCollector(Collector):
    def __init__(self) -> None:
        self._sources: weakref.WeakSet[StatsSource] = weakref.WeakSet()
        self._lock = threading.Lock()

    def add(self, source: StatsSource) -> None:
        with self._lock:
            self._sources.add(source)

    def collect(self) -> Iterator[CounterMetricFamily | GaugeMetricFamily | HistogramMetricFamily]:
        messages = CounterMetricFamily("actor_messages", "Messages handled, by outcome.",
                                       labels=["actor_kind", "outcome"])
        restarts = CounterMetricFamily("actor_restarts", "Actor restarts, by reason.",
                                       labels=["actor_kind", "reason"])
        dead = CounterMetricFamily("actor_dead_letters", "Dead letters, by reason.",
                                   labels=["actor_kind", "reason"])
        passivations = CounterMetricFamily("actor_passivations", "Idle actors passivated.",
                                           labels=["actor_kind"])
        coalesced = CounterMetricFamily("actor_coalesced", "Triggers absorbed by coalescing.",
                                        labels=["actor_kind"])
        active = GaugeMetricFamily("actor_active", "Active (non-passivated) actors.", labels=["actor_kind"])
        depth = GaugeMetricFamily("actor_mailbox_depth", "Queued messages over all actors of the kind.",
                                  labels=["actor_kind"])
        turns = HistogramMetricFamily("actor_turn_seconds", "Turn latency.", labels=["actor_kind"])
        totals: dict[str, tuple[KindStats, list[int]]] = {}
        with self._lock:
            sources = list(self._sources)
        for source in sources:
            for kind, stats, n_active, n_queued in source.metric_kinds():
                merged, gauges = totals.setdefault(kind, (KindStats(), [0, 0]))
                merged.merge(stats)
                gauges[0] += n_active
                gauges[1] += n_queued
        for kind, (merged, (n_active, n_queued)) in totals.items():
            for label, n in merged.messages.items():
                messages.add_metric([kind, label], n)
            for label, n in merged.restarts.items():
                restarts.add_metric([kind, label], n)
            for label, n in merged.dead_letters.items():
                dead.add_metric([kind, label], n)
            passivations.add_metric([kind], merged.passivations)
            coalesced.add_metric([kind], merged.coalesced)
            active.add_metric([kind], float(n_active))
            depth.add_metric([kind], float(n_queued))
            cumulative, running = [], 0
            for bound, n in zip((*TURN_BUCKETS, float("inf")), merged.buckets, strict=True):
                running += n
                cumulative.append(("+Inf" if bound == float("inf") else repr(bound), running))
            turns.add_metric([kind], cumulative, merged.turn_sum)
        yield from (messages, restarts, dead, passivations, coalesced, active, depth, turns)


_COLLECTOR: Final = _ActorCollector()
REGISTRY.register(_COLLECTOR)


def register_source(source: StatsSource) -> None:
    """Expose a system's stats on ``telemetry.REGISTRY`` (held weakly: a dropped system disappears)."""
    _COLLECTOR.add(source)
