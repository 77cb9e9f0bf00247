"""The one audit writer. Every read and write of personal data ends here."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import UTC
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from maillage.audit.hashing import GENESIS_HASH, entry_hash
from maillage.audit.models import AuditAction, AuditChainHead, AuditEvent
from maillage.core import context


def describe_object(obj: models.Model | None) -> tuple[str, str]:
    if obj is None:
        return "", ""
    public_id = getattr(obj, "id", None) or obj.pk
    return obj._meta.label_lower, str(public_id)


def record_event(
    action: AuditAction,
    *,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str = "",
    fields: Iterable[str] = (),
    basis: str = "",
    outcome: str = "ok",
    reason: str = "",
    actor_id: uuid.UUID | None = None,
    actor_hint: str = "",
    agency_id: uuid.UUID | None = None,
) -> AuditEvent:
    """Append one entry to the trail, in the caller's transaction if there is one.

    Actor and agency default to the current request or job context; `fields` are names only.
    """
    if obj is not None:
        object_type, object_id = describe_object(obj)
    columns = {
        "action": str(action),
        "outcome": outcome,
        "actor_id": actor_id,
        "actor_hint": actor_hint,
        "agency_id": agency_id,
        "object_type": object_type,
        "object_id": object_id,
        "fields": sorted(set(fields)),
        "basis": basis,
        "reason": reason,
    }
    return _append([columns])[0]


def record_views(objects: Iterable[models.Model], *, fields: Iterable[str]) -> None:
    """One VIEW entry per object read, appended together: one lock and one insert for a whole page."""
    names = sorted(set(fields))
    rows = []
    for obj in objects:
        object_type, object_id = describe_object(obj)
        rows.append(
            {
                "action": str(AuditAction.VIEW),
                "outcome": "ok",
                "actor_id": None,
                "actor_hint": "",
                "agency_id": None,
                "object_type": object_type,
                "object_id": object_id,
                "fields": names,
                "basis": "",
                "reason": "",
            }
        )
    if rows:
        _append(rows)


def _append(rows: list[dict[str, Any]]) -> list[AuditEvent]:
    """Chain `rows` after the current head, under the head's row lock, and store them."""
    request = context.current()
    occurred_at = timezone.now().astimezone(UTC)
    chain = occurred_at.date().isoformat()
    with transaction.atomic():
        head = AuditChainHead.objects.select_for_update().get(pk=1)
        position = head.position if head.chain == chain else 0
        previous_hash = head.entry_hash or GENESIS_HASH
        events = []
        for row in rows:
            position += 1
            columns = {
                **row,
                "occurred_at": occurred_at,
                "actor_id": row["actor_id"] or request.user_id,
                "agency_id": row["agency_id"] or request.agency_id,
                "request_id": request.request_id,
                "ip_address": request.ip_address,
                "channel": request.channel,
                "chain": chain,
                "position": position,
                "previous_hash": previous_hash,
            }
            columns["entry_hash"] = previous_hash = entry_hash(columns)
            events.append(AuditEvent(**columns))
        AuditEvent.objects.bulk_create(events)
        AuditChainHead.objects.filter(pk=1).update(chain=chain, position=position, entry_hash=previous_hash)
    return events
