"""Maintenance mode as members meet it: every feature interaction is answered "back soon" and nothing runs.

The switch is a row in the database (``together maintenance on|off``); the running process keeps a copy of it
(:class:`store.MaintenanceWatch`), so this check costs no query. :func:`bind` runs it before every handler: while
maintenance is on the handler does not run and the member gets a localized ephemeral refusal, with the
operator's message when one was given. Only handlers bound with ``admins_in_maintenance=True`` (``/admin``)
still run, and only for members with the Administrator permission.
"""

from __future__ import annotations

from typing import Final, Protocol

from features.kernel._permissions import Permission, is_admin
from gateway import Interaction, Refusal
from store import MAINTENANCE_OFF, MaintenanceState


class MaintenanceSource(Protocol):
    """The process's copy of the maintenance switch."""

    @property
    def state(self) -> MaintenanceState:
        """The switch as last read."""
        ...


class _NeverInMaintenance:
    @property
    def state(self) -> MaintenanceState:
        return MAINTENANCE_OFF

    def __repr__(self) -> str:
        return "NEVER_IN_MAINTENANCE"


#: The source of services that have no switch (unit tests, tools): maintenance is always off.
NEVER_IN_MAINTENANCE: Final[MaintenanceSource] = _NeverInMaintenance()


def maintenance_refusal(
    source: MaintenanceSource, interaction: Interaction, *, admins_keep: bool = False
) -> Refusal | None:
    """The "back soon" refusal for ``interaction`` while maintenance is on; None when it may run.

    ``admins_keep``: the handler stays available to members with the Administrator permission.
    """
    state = source.state
    if not state.active:
        return None
    if admins_keep and is_admin(Permission(interaction.author_permissions)):
        return None
    if state.message:
        return Refusal("maintenance.back_soon_message", message=state.message)
    return Refusal("maintenance.back_soon")
