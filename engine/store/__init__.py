"""The review desk's store: every check kept (report as read, verdicts, versions, who asked), reviewers'
decisions, the access log, history and trends. SQLAlchemy 2 over SQLite by default, PostgreSQL by URL;
the schema is made by Alembic migrations (`engine/store/migrations`)."""
