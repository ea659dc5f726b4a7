"""A loopback Discord (REST + gateway) that the unmodified interactions.py client talks to, plus a driver."""

from __future__ import annotations

from gateway.emulator._driver import Driver as Driver
from gateway.emulator._local import LocalDiscord as LocalDiscord
from gateway.emulator._local import start_local_emulator as start_local_emulator
from gateway.emulator._ratelimit import Decision as Decision
from gateway.emulator._ratelimit import RateLimiter as RateLimiter
from gateway.emulator._ratelimit import RouteLimit as RouteLimit
from gateway.emulator._schema import SchemaBook as SchemaBook
from gateway.emulator._schema import default_spec as default_spec
from gateway.emulator._server import DiscordEmulator as DiscordEmulator
from gateway.emulator._server import Fault as Fault
from gateway.emulator._server import RequestRecord as RequestRecord
from gateway.emulator._server import Violation as Violation
from gateway.emulator._server import shared_schema_book as shared_schema_book
from gateway.emulator._state import ACK_DEADLINE as ACK_DEADLINE
from gateway.emulator._state import TOKEN_LIFETIME as TOKEN_LIFETIME
from gateway.emulator._state import DemoGuild as DemoGuild
from gateway.emulator._state import InteractionRecord as InteractionRecord

__all__ = (
    "ACK_DEADLINE",
    "TOKEN_LIFETIME",
    "Decision",
    "DemoGuild",
    "DiscordEmulator",
    "Driver",
    "Fault",
    "InteractionRecord",
    "LocalDiscord",
    "RateLimiter",
    "RequestRecord",
    "RouteLimit",
    "SchemaBook",
    "Violation",
    "default_spec",
    "shared_schema_book",
    "start_local_emulator",
)
