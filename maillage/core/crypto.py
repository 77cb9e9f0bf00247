"""Encryption at rest of confidential fields (addresses, phone numbers, the victim's location).

Keys come from MAILLAGE_FIELD_KEYS (comma-separated Fernet keys, newest first). Values are
encrypted with the first key and decrypted with any of them, so a new key can be put first and
`rotate_field_keys` re-encrypts every value with it before the old key is removed.
"""

import base64
import hashlib
import os
from functools import cache
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models


@cache
def field_cipher() -> MultiFernet:
    keys = [key.strip() for key in os.environ.get("MAILLAGE_FIELD_KEYS", "").split(",") if key.strip()]
    if not keys:
        if not (settings.DEBUG or settings.DEMO_MODE or getattr(settings, "TESTING", False)):
            raise ImproperlyConfigured("MAILLAGE_FIELD_KEYS must be set outside debug, demo and tests.")
        keys = [base64.urlsafe_b64encode(hashlib.sha256(settings.SECRET_KEY.encode()).digest()).decode()]
    return MultiFernet([Fernet(key) for key in keys])


class EncryptedTextField(models.TextField):
    """A text column stored encrypted; empty stays empty so that blank fields cost nothing."""

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if not value:
            return value
        return field_cipher().encrypt(str(value).encode()).decode()

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        if not value:
            return value
        try:
            return field_cipher().decrypt(value.encode()).decode()
        except InvalidToken as error:
            raise ImproperlyConfigured("A confidential field cannot be decrypted with the configured keys.") from error
