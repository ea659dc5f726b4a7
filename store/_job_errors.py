"""Errors raised by the job queue."""

from __future__ import annotations

from store._errors import StoreError


class JobError(StoreError):
    """A job could not be enqueued or handled."""


class UnknownJobName(JobError):
    """No job of this name is registered."""


class InvalidJobPayload(JobError):
    """The job payload does not match its registered struct."""
