"""API errors: the right status and a translated message, never a 500 for bad input."""

from typing import Any

from django.core.exceptions import ValidationError
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import APIView
from rest_framework.views import exception_handler as drf_exception_handler

from maillage.core.locking import StaleVersionError


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, StaleVersionError):
        return Response({"detail": str(exc.message), "code": "stale_version"}, status=status.HTTP_409_CONFLICT)
    if isinstance(exc, ValidationError):
        # Always an object, as documented: field errors by name, others under non_field_errors.
        detail = exc.message_dict if hasattr(exc, "error_dict") else {api_settings.NON_FIELD_ERRORS_KEY: exc.messages}
        exc = exceptions.ValidationError(detail)
    return drf_exception_handler(exc, context)


class ErrorSerializer(serializers.Serializer):
    """What every refusal but a validation error answers."""

    detail = serializers.CharField()
    code = serializers.CharField(required=False, help_text="stale_version for a 409")


_ERRORS = {
    400: OpenApiResponse(
        OpenApiTypes.OBJECT,
        description="Invalid input: messages by field name, or `detail` for a body that is not JSON.",
    ),
    401: OpenApiResponse(ErrorSerializer, description="No, malformed, unknown, expired or revoked credentials."),
    403: OpenApiResponse(
        ErrorSerializer, description="No active role in the acting agency, no second factor, or not permitted."
    ),
    404: OpenApiResponse(ErrorSerializer, description="No such object, or no such page."),
    409: OpenApiResponse(ErrorSerializer, description="The object changed since the `version` sent; nothing saved."),
    415: OpenApiResponse(ErrorSerializer, description="The body is in a media type the API does not read."),
}


def error_responses(*codes: int) -> dict[int, OpenApiResponse]:
    """The documented error answers of an operation: 401 and 403 always, and `codes`."""
    return {code: _ERRORS[code] for code in sorted({401, 403, *codes})}


@extend_schema(exclude=True)
class NotFoundView(APIView):
    """Any other path under the API, such as an id that is not a UUID: a JSON 404, not the HTML page."""

    authentication_classes = []
    permission_classes = []

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        raise exceptions.NotFound()
