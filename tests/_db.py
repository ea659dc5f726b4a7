"""A PostgreSQL server for the test run and a fresh database per test.

``DATABASE_URL`` set: its server is used (the role must be allowed to create databases). Unset: an embedded
server is started in a temporary folder for the run and deleted afterwards. The migrations are applied once to
a template database; each test that asks for ``database_url`` gets its own clone, which is cheap in Postgres.
"""

from __future__ import annotations

import os
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg

from store._embedded import EmbeddedPostgres, start_embedded_postgres
from store._migrate import apply_migrations


def with_database(dsn: str, database: str) -> str:
    """``dsn`` pointed at another database on the same server."""
    parts = urlsplit(dsn)
    return urlunsplit(parts._replace(path="/" + database))


class TestPostgres:
    """The run's server: an admin DSN, a migrated template and per-test clones."""

    def __init__(self, admin_dsn: str, embedded: EmbeddedPostgres | None) -> None:
        self.admin_dsn = admin_dsn
        self.embedded = embedded
        self.template = f"together_tpl_{uuid.uuid4().hex[:10]}"
        self._created: list[str] = []

    def create_database(self, *, template: str | None = None) -> str:
        name = f"together_test_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(self.admin_dsn, autocommit=True) as conn:
            if template is None:
                conn.execute(f'CREATE DATABASE "{name}"')
            else:
                conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
        self._created.append(name)
        return with_database(self.admin_dsn, name)

    def drop_database(self, dsn: str) -> None:
        name = urlsplit(dsn).path.lstrip("/")
        with psycopg.connect(self.admin_dsn, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if name in self._created:
            self._created.remove(name)

    def build_template(self) -> None:
        with psycopg.connect(self.admin_dsn, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{self.template}"')
        apply_migrations(with_database(self.admin_dsn, self.template))

    def close(self) -> None:
        for name in [*self._created, self.template]:
            try:
                with psycopg.connect(self.admin_dsn, autocommit=True) as conn:
                    conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            except psycopg.Error:
                pass
        if self.embedded is not None:
            self.embedded.stop()


def start_test_postgres() -> Iterator[TestPostgres]:
    url = os.environ.get("DATABASE_URL", "").strip()
    embedded: EmbeddedPostgres | None = None
    if url:
        admin_dsn = url
    else:
        folder = Path(tempfile.mkdtemp(prefix="tgpg-"))
        embedded = start_embedded_postgres(folder, delete_on_stop=True)
        admin_dsn = embedded.dsn("postgres")
    server = TestPostgres(admin_dsn, embedded)
    server.build_template()
    try:
        yield server
    finally:
        server.close()
