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
    request = context.current()
    if obj is not None:
        object_type, object_id = describe_object(obj)
    columns: dict[str, Any] = {
        "occurred_at": timezone.now().astimezone(UTC),
        "action": str(action),
        "outcome": outcome,
        "actor_id": actor_id or request.user_id,
        "actor_hint": actor_hint,
        "agency_id": agency_id or request.agency_id,
        "object_type": object_type,
        "object_id": object_id,
        "fields": sorted(set(fields)),
        "basis": basis,
        "reason": reason,
        "request_id": request.request_id,
        "ip_address": request.ip_address,
        "channel": request.channel,
    }
    with transaction.atomic():
        head = AuditChainHead.objects.select_for_update().get(pk=1)
        chain = columns["occurred_at"].date().isoformat()
        columns["chain"] = chain
        columns["position"] = head.position + 1 if head.chain == chain else 1
        columns["previous_hash"] = head.entry_hash or GENESIS_HASH
        columns["entry_hash"] = entry_hash(columns)
        event = AuditEvent.objects.create(**columns)
        AuditChainHead.objects.filter(pk=1).update(
            chain=chain, position=columns["position"], entry_hash=columns["entry_hash"]
        )
    return event
