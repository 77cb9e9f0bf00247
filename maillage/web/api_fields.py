"""Input fields of the API that take only the type the schema says (or answer 400).

DRF's own fields coerce: "1" or 1.0 become 1, 123 becomes "123", "yes" becomes True. The schema
promises types, and schemathesis checks that promise.
"""

import uuid
from typing import Any

from rest_framework import serializers

# The largest value the version column (PositiveIntegerField) holds on every database.
MAX_VERSION = 2**31 - 1


class StrictCharField(serializers.CharField):
    """Refuses numbers, booleans and the like instead of turning them into strings."""

    def to_internal_value(self, data: Any) -> str:
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictIntegerField(serializers.IntegerField):
    """Refuses "1", 1.0 and true, which DRF's IntegerField would take for 1."""

    def to_internal_value(self, data: Any) -> int:
        if isinstance(data, bool) or not isinstance(data, int):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictBooleanField(serializers.BooleanField):
    """Refuses "yes", 1 and "false", which DRF's BooleanField would interpret."""

    def to_internal_value(self, data: Any) -> bool:
        if not isinstance(data, bool):
            self.fail("invalid", input=str(data)[:20])
        return data


class StrictUUIDField(serializers.UUIDField):
    """Refuses integers, which DRF's UUIDField would turn into UUIDs."""

    def to_internal_value(self, data: Any) -> uuid.UUID:
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


def version_field(**kwargs: Any) -> StrictIntegerField:
    """The `version` an edit started from (optimistic locking)."""
    return StrictIntegerField(min_value=1, max_value=MAX_VERSION, **kwargs)
