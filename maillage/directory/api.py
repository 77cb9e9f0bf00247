import uuid
from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from maillage.accounts.api_auth import api_viewer
from maillage.directory import selectors, services
from maillage.directory.models import Agency, AgencyKind
from maillage.policy.decisions import Action
from maillage.policy.enforcement import authorize
from maillage.web.api_errors import error_responses

# The largest value the version column (PositiveIntegerField) holds on every database.
MAX_VERSION = 2**31 - 1


class StrictCharField(serializers.CharField):
    """A CharField that refuses numbers instead of turning them into strings, as the schema says."""

    def to_internal_value(self, data: Any) -> str:
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class AgencySerializer(serializers.ModelSerializer):
    # Declared so that the schema says what is true: the contact email may be blank.
    email = serializers.EmailField(read_only=True, allow_blank=True)

    class Meta:
        model = Agency
        fields = ["id", "name", "kind", "department_code", "municipality", "email", "phone", "version"]
        read_only_fields = fields


class AgencyUpdateSerializer(serializers.Serializer):
    """A partial update of the contact details; `version` is the one the client last read."""

    version = serializers.IntegerField(min_value=1, max_value=MAX_VERSION)
    name = StrictCharField(max_length=200, required=False)
    department_code = StrictCharField(max_length=3, required=False)
    municipality = StrictCharField(max_length=120, required=False, allow_blank=True)
    email = serializers.EmailField(required=False, allow_blank=True)
    phone = StrictCharField(max_length=32, required=False, allow_blank=True)

    # Never partial, whatever the method: `version` is always required. drf-spectacular marks the
    # body of a PATCH partial, which would drop `required: [version]` from the schema.
    @property
    def partial(self) -> bool:
        return False

    @partial.setter
    def partial(self, value: bool) -> None:
        pass


class AgencyListQuery(serializers.Serializer):
    """The filters of the list. DRF's messages: translated, and a NUL byte (which PostgreSQL refuses) is a 400."""

    kind = serializers.ChoiceField(choices=AgencyKind.values, allow_blank=True)
    q = serializers.CharField(allow_blank=True, trim_whitespace=False)


class AgencyListView(GenericAPIView):
    serializer_class = AgencySerializer

    @extend_schema(
        operation_id="agencies_list",
        parameters=[
            OpenApiParameter("kind", str, enum=AgencyKind.values, required=False),
            OpenApiParameter("q", str, required=False, description="name, municipality or department"),
        ],
        responses={200: AgencySerializer(many=True), **error_responses(400, 404)},
    )
    def get(self, request: Request) -> Response:
        # Bounded before validation, so that an error message never echoes a long input.
        query = AgencyListQuery(
            data={"kind": request.query_params.get("kind", "")[:40], "q": request.query_params.get("q", "")[:100]}
        )
        query.is_valid(raise_exception=True)
        agencies = selectors.agency_list(
            viewer=api_viewer(request), kind=query.validated_data["kind"], search=query.validated_data["q"]
        )
        page = self.paginate_queryset(agencies)
        return self.get_paginated_response(AgencySerializer(page, many=True).data)


class AgencyDetailView(GenericAPIView):
    serializer_class = AgencySerializer

    @extend_schema(operation_id="agencies_retrieve", responses={200: AgencySerializer, **error_responses(404)})
    def get(self, request: Request, agency_id: uuid.UUID) -> Response:
        return Response(AgencySerializer(selectors.agency_get(viewer=api_viewer(request), agency_id=agency_id)).data)

    @extend_schema(
        operation_id="agencies_partial_update",
        request=AgencyUpdateSerializer,
        responses={200: AgencySerializer, **error_responses(400, 404, 409, 415)},
    )
    def patch(self, request: Request, agency_id: uuid.UUID) -> Response:
        viewer = api_viewer(request)
        agency = selectors.agency_get(viewer=viewer, agency_id=agency_id)
        # Refuse (and audit) before validating: a caller who may not edit learns nothing from the messages.
        authorize(viewer, Action.EDIT_AGENCY, agency)
        payload = AgencyUpdateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        changes = {name: value for name, value in payload.validated_data.items() if name != "version"}
        services.update_agency(
            viewer=viewer, agency=agency, expected_version=payload.validated_data["version"], changes=changes
        )
        agency.refresh_from_db()
        return Response(AgencySerializer(agency).data)
