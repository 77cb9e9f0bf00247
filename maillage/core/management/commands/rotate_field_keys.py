from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import models, transaction

from maillage.core.context import acting_context
from maillage.core.crypto import EncryptedTextField


class Command(BaseCommand):
    help = (
        "Re-encrypt every confidential field with the first key of MAILLAGE_FIELD_KEYS. "
        "Put the new key first, run this, then remove the old key."
    )

    def handle(self, *args: object, **options: object) -> None:
        with acting_context(channel="command"):
            for model in apps.get_models():
                names = [field.name for field in model._meta.fields if isinstance(field, EncryptedTextField)]
                if names:
                    self.stdout.write(f"{model._meta.label}: {self._rotate(model, names)} rows re-encrypted")

    @staticmethod
    def _rotate(model: type[models.Model], names: list[str]) -> int:
        count = 0
        with transaction.atomic():
            for row in model._default_manager.select_for_update().only("pk", *names).iterator(chunk_size=500):
                model._default_manager.filter(pk=row.pk).update(**{name: getattr(row, name) for name in names})
                count += 1
        return count
