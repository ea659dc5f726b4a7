"""Postgres: the connection pool, migrations, the embedded server, the job queue and scheduler, and the
generic tables every feature shares (idempotency keys, projection placements, the maintenance switch). It names
no feature and no job: features declare their jobs as :class:`JobSpec` values and their tables in their own
slices."""

from __future__ import annotations

from store._cron import due_occurrence as due_occurrence
from store._cron import latest_occurrence as latest_occurrence
from store._cron import next_occurrence as next_occurrence
from store._cron_admin import CronGuild as CronGuild
from store._cron_admin import cron_guilds as cron_guilds
from store._cron_admin import last_fires as last_fires
from store._embedded import EmbeddedPostgres as EmbeddedPostgres
from store._embedded import start_embedded_postgres as start_embedded_postgres
from store._errors import DatabaseUnavailable as DatabaseUnavailable
from store._errors import MigrationError as MigrationError
from store._errors import StoreError as StoreError
from store._idempotency import QuotaResult as QuotaResult
from store._idempotency import consume_quota as consume_quota
from store._idempotency import remember_operation as remember_operation
from store._job_admin import DepthRow as DepthRow
from store._job_admin import JobRow as JobRow
from store._job_admin import QueueStat as QueueStat
from store._job_admin import due_job_count as due_job_count
from store._job_admin import list_jobs as list_jobs
from store._job_admin import queue_depth as queue_depth
from store._job_admin import queue_stats as queue_stats
from store._job_admin import retry_dead_jobs as retry_dead_jobs
from store._job_admin import retry_job as retry_job
from store._job_cron import SCHEDULE_ACTIVE_SQL as SCHEDULE_ACTIVE_SQL
from store._job_cron import CronScheduler as CronScheduler
from store._job_cron import Fired as Fired
from store._job_cron import ScheduleGate as ScheduleGate
from store._job_enqueue import NOTIFY_CHANNEL as NOTIFY_CHANNEL
from store._job_enqueue import EnqueueResult as EnqueueResult
from store._job_enqueue import Executor as Executor
from store._job_enqueue import enqueue as enqueue
from store._job_enqueue import enqueue_many as enqueue_many
from store._job_errors import InvalidJobPayload as InvalidJobPayload
from store._job_errors import JobError as JobError
from store._job_errors import UnknownJobName as UnknownJobName
from store._job_metrics import JOB_LAG as JOB_LAG
from store._job_metrics import JOBS_PROCESSED as JOBS_PROCESSED
from store._job_payloads import JobPayload as JobPayload
from store._job_payloads import ScheduledPayload as ScheduledPayload
from store._job_registry import JobContext as JobContext
from store._job_registry import JobRegistry as JobRegistry
from store._job_registry import JobRequest as JobRequest
from store._job_registry import JobSpec as JobSpec
from store._job_retry import RetryPolicy as RetryPolicy
from store._job_service import JobService as JobService
from store._job_worker import Worker as Worker
from store._job_worker import WorkerOptions as WorkerOptions
from store._maintenance import MAINTENANCE_CHANNEL as MAINTENANCE_CHANNEL
from store._maintenance import MAINTENANCE_OFF as MAINTENANCE_OFF
from store._maintenance import MAX_MAINTENANCE_MESSAGE as MAX_MAINTENANCE_MESSAGE
from store._maintenance import MaintenanceListener as MaintenanceListener
from store._maintenance import MaintenanceState as MaintenanceState
from store._maintenance import MaintenanceWatch as MaintenanceWatch
from store._maintenance import read_maintenance as read_maintenance
from store._maintenance import set_maintenance as set_maintenance
from store._migrate import MIGRATIONS_PACKAGE as MIGRATIONS_PACKAGE
from store._migrate import apply_migrations as apply_migrations
from store._migrate import rollback_migrations as rollback_migrations
from store._pool import Connection as Connection
from store._pool import create_pool as create_pool
from store._pool import ping as ping
from store._projection_admin import STALE_VERSION as STALE_VERSION
from store._projection_admin import ProjectionRow as ProjectionRow
from store._projection_admin import list_projections as list_projections
from store._projection_admin import mark_projection_stale as mark_projection_stale
from store._projections import ProjectionMessage as ProjectionMessage
from store._projections import fetch_projection as fetch_projection
from store._projections import fetch_shown as fetch_shown
from store._projections import forget_message as forget_message
from store._projections import projection_lock as projection_lock
from store._projections import record_pin_attempt as record_pin_attempt
from store._projections import record_render as record_render
from store._rows import converted_from_row as converted_from_row
from store._rows import fetch_optional as fetch_optional
from store._rows import struct_from_row as struct_from_row

__all__ = (
    "Connection",
    "CronGuild",
    "CronScheduler",
    "DatabaseUnavailable",
    "DepthRow",
    "EmbeddedPostgres",
    "EnqueueResult",
    "Executor",
    "Fired",
    "InvalidJobPayload",
    "JOBS_PROCESSED",
    "JOB_LAG",
    "JobContext",
    "JobError",
    "JobPayload",
    "JobRegistry",
    "JobRequest",
    "JobRow",
    "JobService",
    "JobSpec",
    "MAINTENANCE_CHANNEL",
    "MAINTENANCE_OFF",
    "MAX_MAINTENANCE_MESSAGE",
    "MIGRATIONS_PACKAGE",
    "MaintenanceListener",
    "MaintenanceState",
    "MaintenanceWatch",
    "MigrationError",
    "NOTIFY_CHANNEL",
    "ProjectionMessage",
    "ProjectionRow",
    "QueueStat",
    "QuotaResult",
    "RetryPolicy",
    "SCHEDULE_ACTIVE_SQL",
    "STALE_VERSION",
    "ScheduleGate",
    "ScheduledPayload",
    "StoreError",
    "UnknownJobName",
    "Worker",
    "WorkerOptions",
    "apply_migrations",
    "converted_from_row",
    "create_pool",
    "consume_quota",
    "cron_guilds",
    "due_job_count",
    "due_occurrence",
    "enqueue",
    "enqueue_many",
    "fetch_optional",
    "fetch_projection",
    "fetch_shown",
    "forget_message",
    "last_fires",
    "latest_occurrence",
    "list_jobs",
    "list_projections",
    "mark_projection_stale",
    "next_occurrence",
    "ping",
    "projection_lock",
    "queue_depth",
    "queue_stats",
    "read_maintenance",
    "record_pin_attempt",
    "record_render",
    "remember_operation",
    "retry_dead_jobs",
    "retry_job",
    "rollback_migrations",
    "set_maintenance",
    "start_embedded_postgres",
    "struct_from_row",
)
