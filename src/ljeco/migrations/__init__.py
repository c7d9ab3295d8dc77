"""Alembic migrations (one branch per module; see ``ljeco.core.migrate``)."""
