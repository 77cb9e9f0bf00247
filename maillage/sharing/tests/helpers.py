"""Test support for sharing: the legal bases as their data migration loads them."""

import importlib

from django.apps import apps


def load_legal_bases() -> None:
    """Load the legal bases as migration 0002 does: a transactional test's flush empties the table."""
    migration = importlib.import_module("maillage.sharing.migrations.0002_legal_bases")
    migration.load_legal_bases(apps, None)
