from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from maillage.accounts import selectors
from maillage.accounts.api_auth import api_viewer
from maillage.web.api_errors import error_responses


class MembershipSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    agency_id = serializers.UUIDField()
    agency_name = serializers.CharField(source="agency.name")
    role = serializers.CharField()


class MeSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="user.id")
    email = serializers.EmailField(source="user.email")
    full_name = serializers.CharField(source="user.full_name")
    acting_agency_id = serializers.UUIDField(source="agency.id")
    roles = serializers.ListField(child=serializers.CharField())
    memberships = MembershipSerializer(many=True)


class MeView(APIView):
    """The authenticated user, the agency they act for, their roles there and all their memberships."""

    @extend_schema(responses={200: MeSerializer, **error_responses()}, operation_id="me")
    def get(self, request: Request) -> Response:
        viewer = api_viewer(request)
        memberships = selectors.own_memberships(viewer=viewer)
        data = {"user": viewer.user, "agency": viewer.agency, "roles": sorted(viewer.roles), "memberships": memberships}
        return Response(MeSerializer(data).data)
