"""Alembic migrations of the store (engine/store/db.py runs them)."""
