"""Make sure the benchmark's PostgreSQL database exists before Django connects to it."""

import psycopg
from psycopg import sql


def ensure_database(url: str) -> None:
    """Create the database named at the end of a postgres:// URL when it is missing."""
    url = url.replace("postgres://", "postgresql://", 1)
    server, name = url.rsplit("/", 1)
    name = name.split("?", 1)[0]
    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
