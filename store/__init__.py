"""Postgres: the connection pool, migrations, the embedded server, repositories and the job queue."""

from __future__ import annotations

from store._embedded import EmbeddedPostgres as EmbeddedPostgres
from store._embedded import start_embedded_postgres as start_embedded_postgres
from store._errors import DatabaseUnavailable as DatabaseUnavailable
from store._errors import MigrationError as MigrationError
from store._errors import StoreError as StoreError
from store._migrate import MIGRATIONS_DIR as MIGRATIONS_DIR
from store._migrate import apply_migrations as apply_migrations
from store._migrate import rollback_migrations as rollback_migrations
from store._pool import create_pool as create_pool
from store._pool import ping as ping

__all__ = (
    "MIGRATIONS_DIR",
    "DatabaseUnavailable",
    "EmbeddedPostgres",
    "MigrationError",
    "StoreError",
    "apply_migrations",
    "create_pool",
    "ping",
    "rollback_migrations",
    "start_embedded_postgres",
)
