import uuid

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from maillage.accounts.api_auth import api_viewer
from maillage.directory import selectors, services
from maillage.directory.models import Agency, AgencyKind


class AgencySerializer(serializers.ModelSerializer):
    class Meta:
        model = Agency
        fields = ["id", "name", "kind", "department_code", "municipality", "email", "phone", "version"]
        read_only_fields = fields


class AgencyUpdateSerializer(serializers.Serializer):
    """A partial update of the contact details; `version` is the one the client last read."""

    version = serializers.IntegerField(min_value=1)
    name = serializers.CharField(max_length=200, required=False)
    department_code = serializers.CharField(max_length=3, required=False)
    municipality = serializers.CharField(max_length=120, required=False, allow_blank=True)
    email = serializers.EmailField(required=False, allow_blank=True)
    phone = serializers.CharField(max_length=32, required=False, allow_blank=True)


class AgencyListView(GenericAPIView):
    serializer_class = AgencySerializer

    @extend_schema(
        operation_id="agencies_list",
        parameters=[
            OpenApiParameter("kind", str, enum=AgencyKind.values, required=False),
            OpenApiParameter("q", str, required=False, description="name, municipality or department"),
        ],
    )
    def get(self, request: Request) -> Response:
        kind = request.query_params.get("kind", "")
        if kind and kind not in AgencyKind.values:
            raise serializers.ValidationError({"kind": [f"Unknown agency kind: {kind[:40]}"]})
        agencies = selectors.agency_list(
            viewer=api_viewer(request), kind=kind, search=request.query_params.get("q", "")[:100]
        )
        page = self.paginate_queryset(agencies)
        return self.get_paginated_response(AgencySerializer(page, many=True).data)


class AgencyDetailView(GenericAPIView):
    serializer_class = AgencySerializer

    @extend_schema(operation_id="agencies_retrieve")
    def get(self, request: Request, agency_id: uuid.UUID) -> Response:
        return Response(AgencySerializer(selectors.agency_get(viewer=api_viewer(request), agency_id=agency_id)).data)

    @extend_schema(operation_id="agencies_partial_update", request=AgencyUpdateSerializer, responses=AgencySerializer)
    def patch(self, request: Request, agency_id: uuid.UUID) -> Response:
        viewer = api_viewer(request)
        agency = selectors.agency_get(viewer=viewer, agency_id=agency_id)
        payload = AgencyUpdateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        changes = {name: value for name, value in payload.validated_data.items() if name != "version"}
        services.update_agency(
            viewer=viewer, agency=agency, expected_version=payload.validated_data["version"], changes=changes
        )
        agency.refresh_from_db()
        return Response(AgencySerializer(agency).data)
