"""Alembic migrations of Kawal's schema.

`HEAD` names the newest revision so that the start-up schema check (every CLI command, every server
start) needs no alembic import, which costs about half a second; tests/test_migrations.py keeps it
equal to alembic's own head, so forgetting to bump it fails the build.
"""

HEAD = "0010_approvals"
