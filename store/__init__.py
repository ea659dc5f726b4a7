"""Postgres: the connection pool, migrations, the embedded server, repositories and the job queue."""

from __future__ import annotations

from store._cron import due_occurrence as due_occurrence
from store._cron import latest_occurrence as latest_occurrence
from store._cron import next_occurrence as next_occurrence
from store._embedded import EmbeddedPostgres as EmbeddedPostgres
from store._embedded import start_embedded_postgres as start_embedded_postgres
from store._errors import DatabaseUnavailable as DatabaseUnavailable
from store._errors import MigrationError as MigrationError
from store._errors import StoreError as StoreError
from store._job_admin import DepthRow as DepthRow
from store._job_admin import JobRow as JobRow
from store._job_admin import list_jobs as list_jobs
from store._job_admin import queue_depth as queue_depth
from store._job_admin import retry_dead_jobs as retry_dead_jobs
from store._job_admin import retry_job as retry_job
from store._job_cron import SCHEDULE_ACTIVE_SQL as SCHEDULE_ACTIVE_SQL
from store._job_cron import CronScheduler as CronScheduler
from store._job_cron import Fired as Fired
from store._job_cron import ScheduleGate as ScheduleGate
from store._job_enqueue import NOTIFY_CHANNEL as NOTIFY_CHANNEL
from store._job_enqueue import EnqueueResult as EnqueueResult
from store._job_enqueue import Executor as Executor
from store._job_enqueue import JobRequest as JobRequest
from store._job_enqueue import enqueue as enqueue
from store._job_enqueue import enqueue_many as enqueue_many
from store._job_errors import InvalidJobPayload as InvalidJobPayload
from store._job_errors import JobError as JobError
from store._job_errors import UnknownJobName as UnknownJobName
from store._job_metrics import JOB_LAG as JOB_LAG
from store._job_metrics import JOBS_PROCESSED as JOBS_PROCESSED
from store._job_payloads import DailyRaidOffersGenerate as DailyRaidOffersGenerate
from store._job_payloads import DuelRoundClose as DuelRoundClose
from store._job_payloads import DuelScoreboardRefresh as DuelScoreboardRefresh
from store._job_payloads import JobPayload as JobPayload
from store._job_payloads import MediatorRepairTick as MediatorRepairTick
from store._job_payloads import MonthlyHallRefresh as MonthlyHallRefresh
from store._job_payloads import PairHomeRefresh as PairHomeRefresh
from store._job_payloads import PublicPostPublish as PublicPostPublish
from store._job_payloads import RaidProgressRefresh as RaidProgressRefresh
from store._job_payloads import ScheduledPayload as ScheduledPayload
from store._job_payloads import WeeklyCheckinNudge as WeeklyCheckinNudge
from store._job_payloads import WeeklyHoroscopePublish as WeeklyHoroscopePublish
from store._job_payloads import WeeklyRaidEnd as WeeklyRaidEnd
from store._job_payloads import WeeklyRaidStart as WeeklyRaidStart
from store._job_registry import JOB_NAMES as JOB_NAMES
from store._job_registry import JOB_SPECS as JOB_SPECS
from store._job_registry import JobContext as JobContext
from store._job_registry import JobRegistry as JobRegistry
from store._job_registry import JobSpec as JobSpec
from store._job_registry import default_registry as default_registry
from store._job_retry import RetryPolicy as RetryPolicy
from store._job_service import JobService as JobService
from store._job_worker import Worker as Worker
from store._job_worker import WorkerOptions as WorkerOptions
from store._migrate import MIGRATIONS_PACKAGE as MIGRATIONS_PACKAGE
from store._migrate import apply_migrations as apply_migrations
from store._migrate import rollback_migrations as rollback_migrations
from store._pool import create_pool as create_pool
from store._pool import ping as ping

__all__ = (
    "JOBS_PROCESSED",
    "JOB_LAG",
    "JOB_NAMES",
    "JOB_SPECS",
    "MIGRATIONS_PACKAGE",
    "NOTIFY_CHANNEL",
    "SCHEDULE_ACTIVE_SQL",
    "CronScheduler",
    "DailyRaidOffersGenerate",
    "DatabaseUnavailable",
    "DepthRow",
    "DuelRoundClose",
    "DuelScoreboardRefresh",
    "EmbeddedPostgres",
    "EnqueueResult",
    "Executor",
    "Fired",
    "InvalidJobPayload",
    "JobContext",
    "JobError",
    "JobPayload",
    "JobRegistry",
    "JobRequest",
    "JobRow",
    "JobService",
    "JobSpec",
    "MediatorRepairTick",
    "MigrationError",
    "MonthlyHallRefresh",
    "PairHomeRefresh",
    "PublicPostPublish",
    "RaidProgressRefresh",
    "RetryPolicy",
    "ScheduleGate",
    "ScheduledPayload",
    "StoreError",
    "UnknownJobName",
    "WeeklyCheckinNudge",
    "WeeklyHoroscopePublish",
    "WeeklyRaidEnd",
    "WeeklyRaidStart",
    "Worker",
    "WorkerOptions",
    "apply_migrations",
    "create_pool",
    "default_registry",
    "due_occurrence",
    "enqueue",
    "enqueue_many",
    "latest_occurrence",
    "list_jobs",
    "next_occurrence",
    "ping",
    "queue_depth",
    "retry_dead_jobs",
    "retry_job",
    "rollback_migrations",
    "start_embedded_postgres",
)
