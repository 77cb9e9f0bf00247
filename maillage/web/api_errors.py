"""API errors: the right status and a translated message, never a 500 for bad input."""

from typing import Any

from django.core.exceptions import ValidationError
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from maillage.core.locking import StaleVersionError


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, StaleVersionError):
        return Response({"detail": str(exc.message), "code": "stale_version"}, status=status.HTTP_409_CONFLICT)
    if isinstance(exc, ValidationError):
        exc = exceptions.ValidationError(exc.message_dict if hasattr(exc, "error_dict") else exc.messages)
    return drf_exception_handler(exc, context)
