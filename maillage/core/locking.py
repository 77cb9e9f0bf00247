"""Optimistic locking: an edit names the version it started from and fails if it moved on."""

from django.db import models
from django.db.models import F
from django.utils.translation import gettext_lazy as _


class StaleVersionError(Exception):
    """Someone saved the record after the editor opened it; nothing was written."""

    message = _(
        "Someone else changed this record after you opened it. Nothing was saved: "
        "reload the page to see their changes, then make yours again."
    )


class VersionedModel(models.Model):
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        abstract = True


def save_versioned(instance: VersionedModel, *, expected_version: int, fields: list[str]) -> None:
    """Write `fields` of `instance` only if its stored version is still `expected_version`."""
    values = {name: getattr(instance, name) for name in fields}
    updated = (
        type(instance)
        ._default_manager.filter(pk=instance.pk, version=expected_version)
        .update(**values, version=F("version") + 1)
    )
    if updated != 1:
        raise StaleVersionError()
    instance.version = expected_version + 1
