"""The hash of an audit entry: HMAC-SHA256 over a canonical form of every stored column."""

import hashlib
import hmac
import json
from datetime import datetime
from typing import Any

from django.conf import settings

GENESIS_HASH = "0" * 64

HASHED_COLUMNS = (
    "chain",
    "position",
    "occurred_at",
    "action",
    "outcome",
    "actor_id",
    "actor_hint",
    "agency_id",
    "object_type",
    "object_id",
    "fields",
    "basis",
    "reason",
    "request_id",
    "ip_address",
    "channel",
    "previous_hash",
)


def _canonical(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat(timespec="microseconds")
    if value is None or isinstance(value, (str, int, list)):
        return value
    return str(value)


def entry_hash(columns: dict[str, Any]) -> str:
    payload = json.dumps([_canonical(columns[name]) for name in HASHED_COLUMNS], separators=(",", ":"))
    return hmac.new(settings.AUDIT_CHAIN_KEY.encode(), payload.encode(), hashlib.sha256).hexdigest()


def keyed_digest(text: str) -> str:
    """A digest that groups identical inputs without revealing them to a reader of the trail."""
    return hmac.new(settings.AUDIT_CHAIN_KEY.encode(), text.strip().lower().encode(), hashlib.sha256).hexdigest()
