"""Who is acting, for which agency, in which request: read by the audit writer.

Set by RequestContextMiddleware for web and API requests, and by `acting_context` for
management commands and background tasks, so that every audit entry carries the same facts
whatever path led to it.
"""

from __future__ import annotations

import contextlib
import logging
import uuid
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass, replace
from typing import Any


@dataclass(frozen=True)
class RequestContext:
    request_id: str
    ip_address: str | None = None
    user_id: uuid.UUID | None = None
    agency_id: uuid.UUID | None = None
    channel: str = "web"  # web, api, command, task


_current: ContextVar[RequestContext | None] = ContextVar("maillage_request_context", default=None)


def current() -> RequestContext:
    context = _current.get()
    if context is None:
        context = RequestContext(request_id=new_request_id(), channel="command")
        _current.set(context)
    return context


def new_request_id() -> str:
    return uuid.uuid4().hex


def set_context(context: RequestContext) -> Any:
    return _current.set(context)


def reset_context(token: Any) -> None:
    _current.reset(token)


def update(**changes: Any) -> None:
    _current.set(replace(current(), **changes))


@contextlib.contextmanager
def acting_context(
    *, channel: str, user_id: uuid.UUID | None = None, agency_id: uuid.UUID | None = None
) -> Iterator[RequestContext]:
    context = RequestContext(request_id=new_request_id(), user_id=user_id, agency_id=agency_id, channel=channel)
    token = _current.set(context)
    try:
        yield context
    finally:
        _current.reset(token)


class RequestIdLogFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        context = _current.get()
        record.request_id = context.request_id if context else "-"
        return True
