import uuid
from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from maillage.accounts.api_auth import api_viewer
from maillage.directory import selectors, services
from maillage.directory.models import (
    POSTCODE,
    Agency,
    AgencyKind,
    Capacity,
    Hotline,
    Language,
    MovePhase,
    Permanence,
    Service,
    join_list,
    split_list,
)
from maillage.policy.decisions import Action
from maillage.policy.enforcement import authorize
from maillage.web.api_errors import error_responses
from maillage.web.api_fields import StrictCharField, version_field


class CodeListField(serializers.ListField):
    """A list kept in one text column ("fr,en") shown as a JSON list of strings."""

    child = serializers.CharField()

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, data: str) -> list[str]:  # type: ignore[override]
        return split_list(data)


@extend_schema_field({"type": "string", "pattern": r"^\d{2}:\d{2}$", "example": "09:00"})
class LocalTimeField(serializers.TimeField):
    """A time of day in France, as HH:MM: not an instant, so without the offset that OpenAPI's `time` requires."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%H:%M", read_only=True, **kwargs)


class CapacitySerializer(serializers.ModelSerializer):
    class Meta:
        model = Capacity
        fields = ["places_free", "places_total", "as_of", "version"]
        read_only_fields = fields


class PermanenceSerializer(serializers.ModelSerializer):
    host_agency = serializers.UUIDField(source="host_agency_id", read_only=True, allow_null=True)
    where = serializers.CharField(read_only=True, help_text="the host agency's name, or the place")
    starts_at = LocalTimeField()
    ends_at = LocalTimeField()

    class Meta:
        model = Permanence
        fields = ["id", "weekday", "starts_at", "ends_at", "frequency", "host_agency", "place", "where"]
        read_only_fields = fields


class ServiceSerializer(serializers.ModelSerializer):
    email = serializers.EmailField(read_only=True, allow_blank=True)
    languages = CodeListField()
    covered_postcodes = CodeListField()
    covered_municipalities = CodeListField()
    covered_departments = CodeListField()
    permanences = PermanenceSerializer(many=True, read_only=True)
    capacity = CapacitySerializer(source="current_capacity", read_only=True, allow_null=True)

    class Meta:
        model = Service
        fields = [
            "id",
            "name",
            "description",
            "move_phase",
            "languages",
            "accessibility",
            "email",
            "phone",
            "opening_hours",
            "covered_postcodes",
            "covered_municipalities",
            "covered_departments",
            "provides_shelter",
            "capacity",
            "permanences",
            "version",
        ]
        read_only_fields = fields


class AgencySerializer(serializers.ModelSerializer):
    # Declared so that the schema says what is true: the contact email and website may be blank.
    email = serializers.EmailField(read_only=True, allow_blank=True)
    website = serializers.URLField(read_only=True, allow_blank=True)
    languages = CodeListField()
    services = ServiceSerializer(many=True, read_only=True)

    class Meta:
        model = Agency
        fields = [
            "id",
            "name",
            "kind",
            "department_code",
            "municipality",
            "postcode",
            "reception_address",
            "email",
            "phone",
            "website",
            "languages",
            "accessibility",
            "services",
            "version",
        ]
        read_only_fields = fields


class HotlineSerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True, help_text="in the language of the request")
    purpose = serializers.CharField(read_only=True, help_text="in the language of the request")
    hours = serializers.CharField(read_only=True, help_text="in the language of the request")
    languages = CodeListField()

    class Meta:
        model = Hotline
        fields = ["id", "number", "name", "purpose", "hours", "channel", "free_of_charge", "is_emergency", "languages"]
        read_only_fields = fields


class AgencyUpdateSerializer(serializers.Serializer):
    """A partial update of the contact details; `version` is the one the client last read."""

    version = version_field()
    name = StrictCharField(max_length=200, required=False)
    department_code = StrictCharField(max_length=3, required=False)
    municipality = StrictCharField(max_length=120, required=False, allow_blank=True)
    email = serializers.EmailField(required=False, allow_blank=True)
    phone = StrictCharField(max_length=32, required=False, allow_blank=True)
    postcode = StrictCharField(max_length=5, required=False, allow_blank=True)
    reception_address = StrictCharField(max_length=300, required=False, allow_blank=True)
    website = serializers.URLField(max_length=200, required=False, allow_blank=True)
    languages = serializers.ListField(child=serializers.ChoiceField(choices=Language.values), required=False)
    accessibility = StrictCharField(max_length=500, required=False, allow_blank=True)

    def validate_languages(self, value: list[str]) -> str:
        return join_list(value)

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
    phase = serializers.ChoiceField(choices=MovePhase.values, allow_blank=True)
    language = serializers.ChoiceField(choices=Language.values, allow_blank=True)
    postcode = serializers.RegexField(POSTCODE, allow_blank=True)

    # Each filter's longest accepted input: an error message never echoes more than that.
    BOUNDS = {"kind": 40, "q": 100, "phase": 40, "language": 40, "postcode": 40}


class AgencyListView(GenericAPIView):
    serializer_class = AgencySerializer

    @extend_schema(
        operation_id="agencies_list",
        parameters=[
            OpenApiParameter("kind", str, enum=AgencyKind.values, required=False),
            OpenApiParameter("q", str, required=False, description="name, municipality or department"),
            OpenApiParameter(
                "phase", str, enum=MovePhase.values, required=False, description="MOVE phase of a service"
            ),
            OpenApiParameter("language", str, enum=Language.values, required=False, description="ISO 639 code"),
            OpenApiParameter(
                "postcode", str, required=False, pattern=r"^\d{5}$", description="agencies covering this postcode"
            ),
        ],
        responses={200: AgencySerializer(many=True), **error_responses(400, 404)},
    )
    def get(self, request: Request) -> Response:
        # Bounded before validation, so that an error message never echoes a long input.
        query = AgencyListQuery(
            data={name: request.query_params.get(name, "")[:bound] for name, bound in AgencyListQuery.BOUNDS.items()}
        )
        query.is_valid(raise_exception=True)
        criteria = selectors.DirectorySearch(
            search=query.validated_data["q"],
            kind=query.validated_data["kind"],
            phase=query.validated_data["phase"],
            language=query.validated_data["language"],
            postcode=query.validated_data["postcode"],
        )
        agencies = selectors.with_services(selectors.agency_list(viewer=api_viewer(request), criteria=criteria))
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


class HotlineListView(GenericAPIView):
    serializer_class = HotlineSerializer
    pagination_class = None

    @extend_schema(operation_id="hotlines_list", responses={200: HotlineSerializer(many=True), **error_responses()})
    def get(self, request: Request) -> Response:
        return Response(HotlineSerializer(selectors.hotline_list(viewer=api_viewer(request)), many=True).data)
