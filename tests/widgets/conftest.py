"""Workshop fixtures (a PostgreSQL server, a store per backend, isolated data folders)."""

from workshop_fixtures import _isolated_data, db_url, pg_server, pg_url, store  # noqa: F401
