"""Test helper: lets a test play the attacker who can write the audit table directly."""

import contextlib
import importlib
from collections.abc import Iterator

from django.db import connection

statements = importlib.import_module("maillage.audit.migrations.0002_append_only")


@contextlib.contextmanager
def triggers_disabled() -> Iterator[None]:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER USER")
        else:
            for statement in statements.SQLITE_BACKWARD:
                cursor.execute(statement)
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("ALTER TABLE audit_auditevent ENABLE TRIGGER USER")
            else:
                for statement in statements.SQLITE_FORWARD:
                    cursor.execute(statement)


def execute(sql: str, params: list | None = None) -> None:
    with triggers_disabled(), connection.cursor() as cursor:
        cursor.execute(sql, params or [])
