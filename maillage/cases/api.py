"""The shared situation file over the API: the same selectors, services and policy as the pages.

Every read goes through a selector, which asks the policy layer and writes the audit trail; every
write goes through a service. A situation the acting agency does not take part in, and content in
a compartment its participation has not opened, answer 404 so that their existence does not leak.
A caller who can see a situation but whose role may not do what it asks gets 403, before its input
is validated, so that validation messages tell it nothing.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from django.db import models
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, PolymorphicProxySerializer, extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.generics import GenericAPIView
from rest_framework.pagination import BasePagination
from rest_framework.request import Request
from rest_framework.response import Response

from maillage.accounts.api_auth import api_viewer
from maillage.accounts.models import User
from maillage.cases import person_matching, selectors, services
from maillage.cases.models import (
    Case,
    CasePerson,
    CaseStatus,
    ClosureReason,
    ClosureRequest,
    IntakeChannel,
    MatchAlert,
    NeedKind,
    NeedPriority,
    NeedStatus,
    Note,
    Participation,
    PersonRole,
    TaskStatus,
    Transfer,
    ViolenceForm,
)
from maillage.directory.models import Agency
from maillage.policy.compartments import Compartment
from maillage.policy.decisions import Action, CaseContent
from maillage.policy.enforcement import authorize
from maillage.policy.viewer import Viewer
from maillage.web.api_errors import error_responses
from maillage.web.api_fields import (
    StrictBooleanField,
    StrictCharField,
    StrictIntegerField,
    StrictUUIDField,
    version_field,
)

# Bounds for free text the models keep in TextFields, so that no request stores a novel.
LONG_TEXT = 20_000
MAX_LIST = 20


def choice(choices: type[models.TextChoices], **kwargs: Any) -> serializers.ChoiceField:
    """A choice of a model's TextChoices; its enum is named in SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"]."""
    return serializers.ChoiceField(choices=choices.choices, **kwargs)


def agency_field(**kwargs: Any) -> serializers.PrimaryKeyRelatedField:
    """An active agency by id: an unknown id is a 400 on the field."""
    return serializers.PrimaryKeyRelatedField(
        queryset=Agency.objects.filter(is_active=True), pk_field=StrictUUIDField(), **kwargs
    )


# --- what the API answers ----------------------------------------------------------------------


class AgencyRefSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    name = serializers.CharField()
    kind = serializers.CharField()


class UserRefSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    full_name = serializers.CharField()


class ParticipantSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    agency = AgencyRefSerializer()
    role = choice(Participation.Role)
    compartments = serializers.ListField(child=choice(Compartment))
    joined_at = serializers.DateTimeField()


class CaseSummarySerializer(serializers.Serializer):
    id = serializers.UUIDField()
    reference = serializers.CharField()
    status = choice(CaseStatus)
    department_code = serializers.CharField()
    coordinator_agency = AgencyRefSerializer()
    coordinator = UserRefSerializer(allow_null=True)
    is_repeat = serializers.BooleanField()
    opened_at = serializers.DateTimeField()
    closed_at = serializers.DateTimeField(allow_null=True)
    closure_reason = choice(ClosureReason, allow_blank=True)
    version = serializers.IntegerField()


class CaseDetailSerializer(CaseSummarySerializer):
    """The header of a situation, with the agencies taking part and the compartments each has opened."""

    # The participants come from the selector, in the context.

    opened_by_agency = AgencyRefSerializer()
    participants = serializers.SerializerMethodField()

    @extend_schema_field(ParticipantSerializer(many=True))
    def get_participants(self, case: Case) -> Any:
        return ParticipantSerializer(self.context["participants"], many=True).data


class CasePersonSerializer(serializers.Serializer):
    """A person in a situation: the link (its id, role, compartment) and the person's identity."""

    id = serializers.UUIDField()
    person_id = serializers.UUIDField()
    role = choice(PersonRole)
    relationship = serializers.CharField()
    compartment = choice(Compartment)
    given_names = serializers.CharField(source="person.given_names")
    family_name = serializers.CharField(source="person.family_name")
    birth_name = serializers.CharField(source="person.birth_name")
    aliases = serializers.ListField(child=serializers.CharField(), source="person.aliases")
    birth_date = serializers.DateField(source="person.birth_date", allow_null=True)
    nationality = serializers.CharField(source="person.nationality")
    languages = serializers.CharField(source="person.languages")
    needs_interpreter = serializers.BooleanField(source="person.needs_interpreter")


class VictimContactSerializer(serializers.Serializer):
    """The victim's safe contact; `version` is null while none has been recorded."""

    victim_id = serializers.UUIDField(help_text="the victim's link to the situation (see people)")
    safe_phone = serializers.CharField()
    safe_email = serializers.CharField()
    safe_times = serializers.CharField()
    code_word = serializers.CharField()
    may_leave_message = serializers.BooleanField()
    address = serializers.CharField()
    version = serializers.IntegerField(allow_null=True)


class IntakePayloadSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    channel = choice(IntakeChannel)
    received_on = serializers.DateField()
    referring_agency = AgencyRefSerializer()
    referring_person = serializers.CharField()
    first_facts = serializers.CharField()
    recorded_at = serializers.DateTimeField()


class IncidentSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    occurred_on = serializers.DateField()
    place = serializers.CharField()
    forms = serializers.ListField(child=choice(ViolenceForm))
    strangulation = serializers.BooleanField()
    weapon = serializers.CharField()
    injuries = serializers.CharField()
    children_present = serializers.BooleanField()
    police_response = serializers.CharField()
    source = choice(IntakeChannel)  # type: ignore[assignment]  # a declared field, not Field.source
    description = serializers.CharField()
    compartment = choice(Compartment)
    recorded_by_agency = AgencyRefSerializer()
    recorded_at = serializers.DateTimeField()
    version = serializers.IntegerField()


class NoteSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    case_id = serializers.UUIDField()
    compartment = choice(Compartment)
    body = serializers.CharField()
    author = UserRefSerializer()
    author_agency = AgencyRefSerializer()
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()
    retracted_at = serializers.DateTimeField(allow_null=True)
    retraction_reason = serializers.CharField()
    version = serializers.IntegerField()


class NoteRevisionSerializer(serializers.Serializer):
    version = serializers.IntegerField()
    body = serializers.CharField()
    edited_by = UserRefSerializer()
    edited_at = serializers.DateTimeField()


class NoteDetailSerializer(NoteSerializer):
    """A note with its earlier texts."""

    # The revisions come from the selector, in the context.

    revisions = serializers.SerializerMethodField(help_text="the text before each edit, oldest first")

    @extend_schema_field(NoteRevisionSerializer(many=True))
    def get_revisions(self, note: Note) -> Any:
        return NoteRevisionSerializer(self.context["revisions"], many=True).data


class TaskSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    case_id = serializers.UUIDField()
    title = serializers.CharField()
    owner_agency = AgencyRefSerializer()
    owner = UserRefSerializer(allow_null=True)
    due_on = serializers.DateField()
    status = choice(TaskStatus)
    compartment = choice(Compartment)
    created_at = serializers.DateTimeField()
    completed_at = serializers.DateTimeField(allow_null=True)
    version = serializers.IntegerField()


class StatusChangePayloadSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    from_status = choice(CaseStatus, allow_blank=True)
    to_status = choice(CaseStatus)
    reason = choice(ClosureReason, allow_blank=True)
    comment = serializers.CharField()
    changed_by = UserRefSerializer()
    changed_at = serializers.DateTimeField()


class ClosurePayloadSerializer(serializers.Serializer):
    """A request to close, where the coordinating agency asks for a second person's approval."""

    id = serializers.UUIDField()
    reason = choice(ClosureReason)
    comment = serializers.CharField()
    requested_by = UserRefSerializer()
    requested_at = serializers.DateTimeField()
    status = choice(ClosureRequest.Status)
    decided_by = UserRefSerializer(allow_null=True)
    decided_at = serializers.DateTimeField(allow_null=True)
    decision_reason = serializers.CharField()


class TransferPayloadSerializer(serializers.Serializer):
    """A transfer of the situation to a coordinating agency of another department."""

    id = serializers.UUIDField()
    from_agency = AgencyRefSerializer()
    to_agency = AgencyRefSerializer()
    reason = serializers.CharField()
    proposed_by = UserRefSerializer()
    proposed_at = serializers.DateTimeField()
    status = choice(Transfer.Status)
    decided_by = UserRefSerializer(allow_null=True)
    decided_at = serializers.DateTimeField(allow_null=True)
    decision_reason = serializers.CharField()


class NeedSerializer(serializers.Serializer):
    """A need or difficulty of the situation, with the agency (and person) taking care of it."""

    id = serializers.UUIDField()
    case_id = serializers.UUIDField()
    kind = choice(NeedKind)
    description = serializers.CharField()
    priority = serializers.IntegerField(help_text="1 high, 2 medium, 3 low")
    status = choice(NeedStatus)
    owner_agency = AgencyRefSerializer()
    owner = UserRefSerializer(allow_null=True)
    compartment = choice(Compartment)
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()
    version = serializers.IntegerField()


class MatchAgencySerializer(serializers.Serializer):
    """The agency coordinating the other situation, and how to reach it (from the directory)."""

    id = serializers.UUIDField()
    name = serializers.CharField()
    email = serializers.CharField()
    phone = serializers.CharField()


class MatchAlertSerializer(serializers.Serializer):
    """A person of this situation who may also be known by another agency; nothing of the other
    situation is given, only the agency to ask."""

    id = serializers.UUIDField()
    person_id = serializers.UUIDField(help_text="the person of this situation")
    given_names = serializers.CharField(source="person.given_names")
    family_name = serializers.CharField(source="person.family_name")
    level = serializers.CharField()
    reasons = serializers.ListField(child=serializers.CharField())
    status = choice(MatchAlert.Status)
    other_agency = MatchAgencySerializer()
    created_at = serializers.DateTimeField()


# The timeline: one entry per kind, told apart by `kind`, each with its typed payload.


def _entry_serializer(kind: str, date_field: serializers.Field, payload: serializers.Serializer) -> type:
    name = f"{kind.capitalize()}EntrySerializer"
    return type(
        name,
        (serializers.Serializer,),
        {
            "kind": serializers.CharField(help_text=f"always `{kind}`"),
            "date": date_field,
            "compartment": choice(Compartment, source="item.compartment"),
            "payload": payload,
            "__doc__": f"A timeline entry of kind `{kind}`.",
        },
    )


TIMELINE_ENTRY_SERIALIZERS: dict[str, type] = {
    "intake": _entry_serializer("intake", serializers.DateField(source="at"), IntakePayloadSerializer(source="item")),
    "incident": _entry_serializer("incident", serializers.DateField(source="at"), IncidentSerializer(source="item")),
    "note": _entry_serializer("note", serializers.DateTimeField(source="at"), NoteSerializer(source="item")),
    "task": _entry_serializer("task", serializers.DateTimeField(source="at"), TaskSerializer(source="item")),
    "status": _entry_serializer(
        "status", serializers.DateTimeField(source="at"), StatusChangePayloadSerializer(source="item")
    ),
    "closure": _entry_serializer(
        "closure", serializers.DateTimeField(source="at"), ClosurePayloadSerializer(source="item")
    ),
    "transfer": _entry_serializer(
        "transfer", serializers.DateTimeField(source="at"), TransferPayloadSerializer(source="item")
    ),
}
TIMELINE_ENTRY = PolymorphicProxySerializer(
    component_name="TimelineEntry",
    serializers={kind: serializer() for kind, serializer in TIMELINE_ENTRY_SERIALIZERS.items()},
    resource_type_field_name="kind",
    many=True,
)


# --- what the API reads ------------------------------------------------------------------------


class CaseListQuery(serializers.Serializer):
    status = choice(CaseStatus, allow_blank=True)


class PersonInputSerializer(serializers.Serializer):
    given_names = StrictCharField(max_length=150)
    family_name = StrictCharField(max_length=150)
    birth_name = StrictCharField(max_length=150, required=False, allow_blank=True, default="")
    aliases = serializers.ListField(
        child=StrictCharField(max_length=150), max_length=MAX_LIST, required=False, default=list
    )
    birth_date = serializers.DateField(required=False, allow_null=True, default=None)
    nationality = StrictCharField(max_length=80, required=False, allow_blank=True, default="")
    languages = StrictCharField(max_length=150, required=False, allow_blank=True, default="")
    needs_interpreter = StrictBooleanField(required=False, default=False)

    def validate_birth_date(self, value: date | None) -> date | None:
        # Also refused by the service, but there without saying which person it is about.
        if value is not None and value > timezone.localdate():
            raise serializers.ValidationError(_("This date is in the future."))
        return value


def person_details(data: dict[str, Any]) -> services.PersonDetails:
    return services.PersonDetails(**{**data, "aliases": tuple(data["aliases"])})


class SignalInputSerializer(serializers.Serializer):
    channel = choice(IntakeChannel)
    received_on = serializers.DateField()
    referring_agency = agency_field(required=False, allow_null=True, default=None, help_text="default: your agency")
    referring_person = StrictCharField(max_length=150, required=False, allow_blank=True, default="")
    first_facts = StrictCharField(max_length=LONG_TEXT)


class OpenCaseInputSerializer(SignalInputSerializer):
    coordinator_agency = agency_field(
        required=False, allow_null=True, default=None, help_text="the agency that will coordinate; default: yours"
    )
    victim = PersonInputSerializer()
    perpetrator = PersonInputSerializer(required=False, allow_null=True, default=None)
    children = PersonInputSerializer(  # type: ignore[call-arg]  # many=True passes max_length on to the list
        many=True, required=False, default=list, max_length=MAX_LIST
    )


class AddPersonInputSerializer(PersonInputSerializer):
    role = choice(PersonRole)
    relationship = StrictCharField(max_length=120, required=False, allow_blank=True, default="")


class VictimContactInputSerializer(serializers.Serializer):
    """The whole safe contact, replaced; `version` is the one read, or null when none was recorded."""

    safe_phone = StrictCharField(max_length=40, allow_blank=True)
    safe_email = serializers.EmailField(max_length=254, allow_blank=True)
    safe_times = StrictCharField(max_length=200, allow_blank=True)
    code_word = StrictCharField(max_length=100, allow_blank=True)
    may_leave_message = StrictBooleanField()
    address = StrictCharField(max_length=500, allow_blank=True)
    version = version_field(allow_null=True)


class IncidentInputSerializer(serializers.Serializer):
    occurred_on = serializers.DateField()
    place = StrictCharField(max_length=200, required=False, allow_blank=True, default="")
    # The model refuses an incident without a form of violence (its JSONField is not blank=True).
    forms = serializers.ListField(child=choice(ViolenceForm), min_length=1, max_length=len(ViolenceForm))
    strangulation = StrictBooleanField(required=False, default=False)
    weapon = StrictCharField(max_length=120, required=False, allow_blank=True, default="")
    injuries = StrictCharField(max_length=LONG_TEXT, required=False, allow_blank=True, default="")
    children_present = StrictBooleanField(required=False, default=False)
    police_response = StrictCharField(max_length=200, required=False, allow_blank=True, default="")
    source = choice(IntakeChannel)  # type: ignore[assignment]  # a declared field, not Field.source
    description = StrictCharField(max_length=LONG_TEXT, required=False, allow_blank=True, default="")
    compartment = choice(Compartment, required=False, default=Compartment.GENERAL)

    def validate_forms(self, value: list[str]) -> list[str]:
        return list(dict.fromkeys(value))


class NoteInputSerializer(serializers.Serializer):
    compartment = choice(Compartment)
    body = StrictCharField(max_length=LONG_TEXT)


class NeverPartial(serializers.Serializer):
    # Never partial, whatever the method: drf-spectacular marks the body of a PATCH partial, which
    # would drop `required: [version]` from the schema.

    @property
    def partial(self) -> bool:
        return False

    @partial.setter
    def partial(self, value: bool) -> None:
        pass


class NoteEditInputSerializer(NeverPartial):
    """The new text of a note; `version` is the one read."""

    body = StrictCharField(max_length=LONG_TEXT)
    version = version_field()


class NoteRetractInputSerializer(serializers.Serializer):
    reason = StrictCharField(max_length=300)
    version = version_field()


class TaskInputSerializer(serializers.Serializer):
    title = StrictCharField(max_length=200)
    owner_agency = agency_field(help_text="an agency taking part")
    owner = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.filter(is_active=True),
        pk_field=StrictUUIDField(),
        required=False,
        allow_null=True,
        default=None,
        help_text="a person of the owner agency",
    )
    due_on = serializers.DateField()


class VersionInputSerializer(serializers.Serializer):
    version = version_field()


class InviteInputSerializer(serializers.Serializer):
    agency = agency_field()


class StatusInputSerializer(serializers.Serializer):
    to_status = choice(CaseStatus)
    reason = choice(ClosureReason, allow_blank=True, required=False, default="")
    comment = StrictCharField(max_length=300, allow_blank=True, required=False, default="")
    version = version_field()


class CoordinatorInputSerializer(serializers.Serializer):
    coordinator = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.filter(is_active=True), pk_field=StrictUUIDField()
    )
    version = version_field()


def priority_field(**kwargs: Any) -> StrictIntegerField:
    return StrictIntegerField(
        min_value=min(NeedPriority.values),
        max_value=max(NeedPriority.values),
        help_text="1 high, 2 medium, 3 low",
        **kwargs,
    )


def _user_field(**kwargs: Any) -> serializers.PrimaryKeyRelatedField:
    return serializers.PrimaryKeyRelatedField(
        queryset=User.objects.filter(is_active=True), pk_field=StrictUUIDField(), **kwargs
    )


class NeedInputSerializer(serializers.Serializer):
    kind = choice(NeedKind)
    priority = priority_field()
    owner_agency = agency_field(help_text="an agency taking part that reads the compartment")
    owner = _user_field(required=False, allow_null=True, default=None, help_text="a person of the owner agency")
    description = StrictCharField(max_length=LONG_TEXT, required=False, allow_blank=True, default="")
    compartment = choice(Compartment, required=False, default=Compartment.GENERAL)


class NeedEditInputSerializer(NeverPartial):
    """The fields to change (the others stay as they are); `version` is the one read."""

    kind = choice(NeedKind, required=False)
    priority = priority_field(required=False)
    status = choice(NeedStatus, required=False)
    owner_agency = agency_field(required=False)
    owner = _user_field(required=False, allow_null=True)
    description = StrictCharField(max_length=LONG_TEXT, required=False, allow_blank=True)
    compartment = choice(Compartment, required=False)
    version = version_field()


class ResolveMatchInputSerializer(serializers.Serializer):
    same_person = StrictBooleanField(help_text="whether the other agency confirmed it is the same person")


class TransferInputSerializer(serializers.Serializer):
    to_agency = agency_field(help_text="a coordinating agency of another department")
    reason = StrictCharField(max_length=500)
    version = version_field(help_text="the situation's version")


class TransferAcceptInputSerializer(serializers.Serializer):
    comment = StrictCharField(max_length=500, required=False, allow_blank=True, default="")
    version = version_field()


class TransferRefuseInputSerializer(serializers.Serializer):
    reason = StrictCharField(max_length=500)
    version = version_field()


class ClosureRefuseInputSerializer(serializers.Serializer):
    reason = StrictCharField(max_length=300)
    version = version_field()


# --- helpers -------------------------------------------------------------------------------------


def _valid(serializer_class: type[serializers.Serializer], request: Request) -> dict[str, Any]:
    payload = serializer_class(data=request.data)
    payload.is_valid(raise_exception=True)
    return dict(payload.validated_data)


def _case_header(viewer: Viewer, case: Case) -> dict[str, Any]:
    participants = selectors.participations(viewer=viewer, case=case)
    return dict(CaseDetailSerializer(case, context={"participants": participants}).data)


def _signal(viewer: Viewer, data: dict[str, Any], **extra: Any) -> services.SignalDetails:
    assert viewer.agency is not None
    return services.SignalDetails(
        channel=IntakeChannel(data["channel"]),
        received_on=data["received_on"],
        referring_agency=data["referring_agency"] or viewer.agency,
        referring_person=data["referring_person"],
        first_facts=data["first_facts"],
        **extra,
    )


def _participation_get(viewer: Viewer, participation_id: uuid.UUID) -> Participation:
    """A current participation in a situation the viewer sees, or 404."""
    participation = (
        Participation.objects.select_related("case", "agency").filter(pk=participation_id, left_at__isnull=True).first()
    )
    if participation is None:
        raise Http404()
    authorize(viewer, Action.VIEW_CASE, participation, hide_existence=True)
    return participation


def _primary_victim(case: Case) -> CasePerson:
    victim = case.people.filter(role=PersonRole.VICTIM).order_by("added_at").first()
    if victim is None:  # every situation is opened with its victim
        raise Http404()
    return victim


def _contact_data(contact: Any, victim: CasePerson) -> dict[str, Any]:
    if contact is None:
        empty = dict.fromkeys(["safe_phone", "safe_email", "safe_times", "code_word", "address"], "")
        return {"victim_id": victim.pk, **empty, "may_leave_message": False, "version": None}
    return dict(VictimContactSerializer({"victim_id": contact.case_person_id, **vars(contact)}).data)


def _note_detail(viewer: Viewer, note: Note) -> dict[str, Any]:
    note = Note.objects.select_related("case", "author", "author_agency").get(pk=note.pk)
    revisions = selectors.note_revisions(viewer=viewer, note=note)
    return dict(NoteDetailSerializer(note, context={"revisions": revisions}).data)


def _need_values(data: dict[str, Any]) -> dict[str, Any]:
    return {
        **data,
        "kind": NeedKind(data["kind"]),
        "priority": NeedPriority(data["priority"]),
        "compartment": Compartment(data["compartment"]),
    }


def _transfer_get(viewer: Viewer, transfer_id: uuid.UUID) -> Transfer:
    """A transfer of a situation the viewer sees, for the two agencies concerned only, or 404."""
    transfer = (
        Transfer.objects.select_related("case", "from_agency", "to_agency", "proposed_by", "decided_by")
        .filter(pk=transfer_id)
        .first()
    )
    if transfer is None or viewer.agency is None:
        raise Http404()
    authorize(viewer, Action.VIEW_CASE, transfer, hide_existence=True)
    if viewer.agency.pk not in (transfer.from_agency_id, transfer.to_agency_id):
        raise Http404()
    return transfer


def _closure_get(viewer: Viewer, closure_id: uuid.UUID) -> ClosureRequest:
    """A request to close a situation the viewer sees, or 404."""
    closure = ClosureRequest.objects.select_related("case", "requested_by", "decided_by").filter(pk=closure_id).first()
    if closure is None:
        raise Http404()
    authorize(viewer, Action.VIEW_CASE, closure, hide_existence=True)
    return closure


CASE_ID = OpenApiParameter("case_id", uuid.UUID, OpenApiParameter.PATH)


class CaseApiView(GenericAPIView):
    pagination_class: type[BasePagination] | None = None  # lists that need pages say so


# --- situations ----------------------------------------------------------------------------------


class CaseListView(CaseApiView):
    """The situations the acting agency takes part in, newest first; open one from a signal."""

    pagination_class = GenericAPIView.pagination_class
    serializer_class = CaseSummarySerializer

    @extend_schema(
        operation_id="cases_list",
        parameters=[OpenApiParameter("status", str, enum=CaseStatus.values, required=False)],
        responses={200: CaseSummarySerializer(many=True), **error_responses(400, 404)},
    )
    def get(self, request: Request) -> Response:
        query = CaseListQuery(data={"status": request.query_params.get("status", "")[:40]})
        query.is_valid(raise_exception=True)
        cases = selectors.case_list(viewer=api_viewer(request), status=query.validated_data["status"])
        page = self.paginate_queryset(cases)
        return self.get_paginated_response(CaseSummarySerializer(page, many=True).data)

    @extend_schema(
        operation_id="cases_create",
        request=OpenCaseInputSerializer,
        responses={201: CaseDetailSerializer, **error_responses(400, 415)},
        description="Open a situation from a signal. The coordinating agency (yours unless another is named) "
        "takes part as coordinator, yours and the referring agency as partners.",
    )
    def post(self, request: Request) -> Response:
        viewer = api_viewer(request)
        authorize(viewer, Action.OPEN_CASE)
        data = _valid(OpenCaseInputSerializer, request)
        signal = _signal(
            viewer,
            data,
            coordinator_agency=data["coordinator_agency"],
            children=tuple(person_details(child) for child in data["children"]),
        )
        case = services.open_case_from_signal(
            viewer=viewer,
            signal=signal,
            victim=person_details(data["victim"]),
            perpetrator=person_details(data["perpetrator"]) if data["perpetrator"] else None,
        )
        return Response(_case_header(viewer, case), status=status.HTTP_201_CREATED)


class CaseDetailView(CaseApiView):
    serializer_class = CaseDetailSerializer

    @extend_schema(
        operation_id="cases_retrieve",
        parameters=[CASE_ID],
        responses={200: CaseDetailSerializer, **error_responses(404)},
    )
    def get(self, request: Request, case_id: uuid.UUID) -> Response:
        viewer = api_viewer(request)
        case = selectors.case_get(viewer=viewer, case_id=case_id)
        return Response(_case_header(viewer, case))


class CasePeopleView(CaseApiView):
    serializer_class = CasePersonSerializer

    @extend_schema(
        operation_id="cases_people_list",
        parameters=[CASE_ID],
        responses={200: CasePersonSerializer(many=True), **error_responses(404)},
        description="The people of the situation in the compartments open to your agency.",
    )
    def get(self, request: Request, case_id: uuid.UUID) -> Response:
        viewer = api_viewer(request)
        case = selectors.case_get(viewer=viewer, case_id=case_id)
        return Response(CasePersonSerializer(selectors.case_people(viewer=viewer, case=case), many=True).data)

    @extend_schema(
        operation_id="cases_people_create",
        parameters=[CASE_ID],
        request=AddPersonInputSerializer,
        responses={201: CasePersonSerializer, **error_responses(400, 404, 415)},
        description="Children are recorded in the children compartment, everyone else in the general one.",
    )
    def post(self, request: Request, case_id: uuid.UUID) -> Response:
        viewer = api_viewer(request)
        case = selectors.case_get(viewer=viewer, case_id=case_id)
        authorize(viewer, Action.EDIT_CASE, case)
        data = _valid(AddPersonInputSerializer, request)
        role, relationship = PersonRole(data.pop("role")), data.pop("relationship")
        link = services.add_person(
            viewer=viewer, case=case, details=person_details(data), role=role, relationship=relationship
        )
        return Response(CasePersonSerializer(link).data, status=status.HTTP_201_CREATED)


class VictimContactView(CaseApiView):
    """The victim's safe contact and whereabouts: victim-only compartment; 404 where it is not open."""

    serializer_class = VictimContactSerializer

    @extend_schema(
        operation_id="cases_contact_retrieve",
        parameters=[CASE_ID],
        responses={200: VictimContactSerializer, **error_responses(404)},
    )
    def get(self, request: Request, case_id: uuid.UUID) -> Response:
        viewer = api_viewer(request)
        case = selectors.case_get(viewer=viewer, case_id=case_id)
        authorize(viewer, Action.VIEW_CASE, CaseContent(case, Compartment.VICTIM_ONLY), hide_existence=True)
        contact = selectors.victim_contact(viewer=viewer, case=case)
        return Response(_contact_data(contact, _primary_victim(case) if contact is None else contact.case_person))

    @extend_schema(
        operation_id="cases_contact_update",
        parameters=[CASE_ID],
        request=VictimContactInputSerializer,
        responses={200: VictimContactSerializer, **error_responses(400, 404, 409, 415)},
    )
    def put(self, request: Request, case_id: uuid.UUID) -> Response:
        viewer = api_viewer(request)
        case = selectors.case_get(viewer=viewer, case_id=case_id)
        authorize(viewer, Action.VIEW_CASE, CaseContent(case, Compartment.VICTIM_ONLY), hide_existence=True)
        authorize(viewer, Action.EDIT_CASE, CaseContent(case, Compartment.VICTIM_ONLY))
        data = _valid(VictimContactInputSerializer, request)
        expected_version = data.pop("version")
        current = selectors.victim_contact(viewer=viewer, case=case)
        victim = current.case_person if current is not None else _primary_victim(case)
        contact = services.save_victim_contact(
            viewer=viewer, case_person=victim, values=data, expected_version=expected_version
        )
        return Response(_contact_data(contact, victim))


class TimelineView(CaseApiView):
    pagination_class = GenericAPIView.pagination_class

    @extend_schema(
        operation_id="cases_timeline_list",
        parameters=[CASE_ID],
        responses={200: TIMELINE_ENTRY, **error_responses(404)},
        description="Signals, incidents, notes, tasks, changes of status, requests to close and transfers, "
        "newest first, in the compartments open to your agency. A retracted note stays, with `retracted_at` "
        "and the reason.",
    )
    def get(self, request: Request, case_id: uuid.UUID) -> Response:
        viewer = api_viewer(request)
        case = selectors.case_get(viewer=viewer, case_id=case_id)
        page = self.paginate_queryset(selectors.case_timeline(viewer=viewer, case=case))  # type: ignore[arg-type]
        assert page is not None
        return self.get_paginated_response(
            [TIMELINE_ENTRY_SERIALIZERS[entry.kind](entry).data for entry in page]  # type: ignore[attr-defined]
        )


class SignalsView(CaseApiView):
    @extend_schema(
        operation_id="cases_signals_create",
        parameters=[CASE_ID],
        request=SignalInputSerializer,
        responses={201: IntakePayloadSerializer, **error_responses(400, 404, 415)},
        description="A new signal on the situation; on a situation closed less than a year ago it reopens "
        "it (evaluating) and marks it as a repeat.",
    )
    def post(self, request: Request, case_id: uuid.UUID) -> Response:
        viewer = api_viewer(request)
        case = selectors.case_get(viewer=viewer, case_id=case_id)
        authorize(viewer, Action.EDIT_CASE, case)
        data = _valid(SignalInputSerializer, request)
        intake = services.record_new_signal(viewer=viewer, case=case, signal=_signal(viewer, data))
        return Response(IntakePayloadSerializer(intake).data, status=status.HTTP_201_CREATED)


class IncidentsView(CaseApiView):
    @extend_schema(
        operation_id="cases_incidents_create",
        parameters=[CASE_ID],
        request=IncidentInputSerializer,
        responses={201: IncidentSerializer, **error_responses(400, 404, 415)},
    )
    def post(self, request: Request, case_id: uuid.UUID) -> Response:
        viewer = api_viewer(request)
        case = selectors.case_get(viewer=viewer, case_id=case_id)
        authorize(viewer, Action.EDIT_CASE, case)
        data = _valid(IncidentInputSerializer, request)
        incident = services.record_incident(viewer=viewer, case=case, values=data)
        return Response(IncidentSerializer(incident).data, status=status.HTTP_201_CREATED)


class NotesView(CaseApiView):
    @extend_schema(
        operation_id="cases_notes_create",
        parameters=[CASE_ID],
        request=NoteInputSerializer,
        responses={201: NoteDetailSerializer, **error_responses(400, 404, 415)},
        description="A note in one compartment; 404 for a compartment not open to your agency.",
    )
    def post(self, request: Request, case_id: uuid.UUID) -> Response:
        viewer = api_viewer(request)
        case = selectors.case_get(viewer=viewer, case_id=case_id)
        authorize(viewer, Action.EDIT_CASE, case)
        data = _valid(NoteInputSerializer, request)
        note = services.add_note(
            viewer=viewer, case=case, compartment=Compartment(data["compartment"]), body=data["body"]
        )
        return Response(_note_detail(viewer, note), status=status.HTTP_201_CREATED)


class NoteDetailView(CaseApiView):
    serializer_class = NoteDetailSerializer

    @extend_schema(operation_id="notes_retrieve", responses={200: NoteDetailSerializer, **error_responses(404)})
    def get(self, request: Request, note_id: uuid.UUID) -> Response:
        viewer = api_viewer(request)
        return Response(_note_detail(viewer, selectors.note_get(viewer=viewer, note_id=note_id)))

    @extend_schema(
        operation_id="notes_partial_update",
        request=NoteEditInputSerializer,
        responses={200: NoteDetailSerializer, **error_responses(400, 404, 409, 415)},
        description="Change the text; the previous text is kept as a revision.",
    )
    def patch(self, request: Request, note_id: uuid.UUID) -> Response:
        viewer = api_viewer(request)
        note = selectors.note_get(viewer=viewer, note_id=note_id)
        authorize(viewer, Action.EDIT_CASE, note)
        data = _valid(NoteEditInputSerializer, request)
        services.edit_note(viewer=viewer, note=note, body=data["body"], expected_version=data["version"])
        return Response(_note_detail(viewer, note))


class NoteRetractView(CaseApiView):
    @extend_schema(
        operation_id="notes_retract",
        request=NoteRetractInputSerializer,
        responses={200: NoteDetailSerializer, **error_responses(400, 404, 409, 415)},
        description="Withdraw a note: it stays visible to its compartment, marked retracted, with the reason.",
    )
    def post(self, request: Request, note_id: uuid.UUID) -> Response:
        viewer = api_viewer(request)
        note = selectors.note_get(viewer=viewer, note_id=note_id)
        authorize(viewer, Action.EDIT_CASE, note)
        data = _valid(NoteRetractInputSerializer, request)
        services.retract_note(viewer=viewer, note=note, reason=data["reason"], expected_version=data["version"])
        return Response(_note_detail(viewer, note))


class TasksView(CaseApiView):
    @extend_schema(
        operation_id="cases_tasks_create",
        parameters=[CASE_ID],
        request=TaskInputSerializer,
        responses={201: TaskSerializer, **error_responses(400, 404, 415)},
    )
    def post(self, request: Request, case_id: uuid.UUID) -> Response:
        viewer = api_viewer(request)
        case = selectors.case_get(viewer=viewer, case_id=case_id)
        authorize(viewer, Action.EDIT_CASE, case)
        data = _valid(TaskInputSerializer, request)
        task = services.add_task(viewer=viewer, case=case, **data)
        return Response(TaskSerializer(task).data, status=status.HTTP_201_CREATED)


class TaskDetailView(CaseApiView):
    serializer_class = TaskSerializer

    @extend_schema(operation_id="tasks_retrieve", responses={200: TaskSerializer, **error_responses(404)})
    def get(self, request: Request, task_id: uuid.UUID) -> Response:
        return Response(TaskSerializer(selectors.task_get(viewer=api_viewer(request), task_id=task_id)).data)


class TaskCompleteView(CaseApiView):
    @extend_schema(
        operation_id="tasks_complete",
        request=VersionInputSerializer,
        responses={200: TaskSerializer, **error_responses(400, 404, 409, 415)},
    )
    def post(self, request: Request, task_id: uuid.UUID) -> Response:
        viewer = api_viewer(request)
        task = selectors.task_get(viewer=viewer, task_id=task_id)
        authorize(viewer, Action.EDIT_CASE, task)
        data = _valid(VersionInputSerializer, request)
        services.complete_task(viewer=viewer, task=task, expected_version=data["version"])
        return Response(TaskSerializer(task).data)


class ParticipantsView(CaseApiView):
    @extend_schema(
        operation_id="cases_participants_create",
        parameters=[CASE_ID],
        request=InviteInputSerializer,
        responses={201: ParticipantSerializer, **error_responses(400, 404, 415)},
        description="The coordinating agency invites an agency, which joins with its kind's default compartments.",
    )
    def post(self, request: Request, case_id: uuid.UUID) -> Response:
        viewer = api_viewer(request)
        case = selectors.case_get(viewer=viewer, case_id=case_id)
        authorize(viewer, Action.MANAGE_PARTICIPANTS, case)
        data = _valid(InviteInputSerializer, request)
        participation = services.invite_agency(viewer=viewer, case=case, agency=data["agency"])
        return Response(ParticipantSerializer(participation).data, status=status.HTTP_201_CREATED)


class ParticipantDetailView(CaseApiView):
    @extend_schema(
        operation_id="participants_destroy",
        responses={204: None, **error_responses(400, 404)},
        description="The agency leaves the situation: its access closes at once; its past entries stay.",
    )
    def delete(self, request: Request, participation_id: uuid.UUID) -> Response:
        viewer = api_viewer(request)
        participation = _participation_get(viewer, participation_id)
        authorize(viewer, Action.MANAGE_PARTICIPANTS, participation.case)
        services.end_participation(viewer=viewer, participation=participation)
        return Response(status=status.HTTP_204_NO_CONTENT)


class StatusView(CaseApiView):
    @extend_schema(
        operation_id="cases_status_create",
        parameters=[CASE_ID],
        request=StatusInputSerializer,
        responses={200: CaseDetailSerializer, **error_responses(400, 404, 409, 415)},
        description="The coordinating agency moves the situation along its lifecycle; closing needs a reason. "
        "Where the coordinating agency asks for a second person's approval, closing records a request to close "
        "(on the timeline) and the status stays until another coordinator approves it on the situation page.",
    )
    def post(self, request: Request, case_id: uuid.UUID) -> Response:
        viewer = api_viewer(request)
        case = selectors.case_get(viewer=viewer, case_id=case_id)
        authorize(viewer, Action.CHANGE_CASE_STATUS, case)
        data = _valid(StatusInputSerializer, request)
        services.change_status(
            viewer=viewer,
            case=case,
            to_status=CaseStatus(data["to_status"]),
            reason=data["reason"],
            comment=data["comment"],
            expected_version=data["version"],
        )
        return Response(_case_header(viewer, case))


class CoordinatorView(CaseApiView):
    @extend_schema(
        operation_id="cases_coordinator_create",
        parameters=[CASE_ID],
        request=CoordinatorInputSerializer,
        responses={200: CaseDetailSerializer, **error_responses(400, 404, 409, 415)},
        description="Name the person answerable for the situation: a coordinator of the coordinating agency.",
    )
    def post(self, request: Request, case_id: uuid.UUID) -> Response:
        viewer = api_viewer(request)
        case = selectors.case_get(viewer=viewer, case_id=case_id)
        authorize(viewer, Action.MANAGE_PARTICIPANTS, case)
        data = _valid(CoordinatorInputSerializer, request)
        services.name_coordinator(
            viewer=viewer, case=case, coordinator=data["coordinator"], expected_version=data["version"]
        )
        return Response(_case_header(viewer, case))


# --- needs, possible matches, transfers and closing -------------------------------------------------


class NeedsView(CaseApiView):
    serializer_class = NeedSerializer

    @extend_schema(
        operation_id="cases_needs_list",
        parameters=[CASE_ID],
        responses={200: NeedSerializer(many=True), **error_responses(404)},
        description="The needs and difficulties in the compartments open to your agency: highest priority "
        "first, then what is still to do.",
    )
    def get(self, request: Request, case_id: uuid.UUID) -> Response:
        viewer = api_viewer(request)
        case = selectors.case_get(viewer=viewer, case_id=case_id)
        return Response(NeedSerializer(selectors.case_needs(viewer=viewer, case=case), many=True).data)

    @extend_schema(
        operation_id="cases_needs_create",
        parameters=[CASE_ID],
        request=NeedInputSerializer,
        responses={201: NeedSerializer, **error_responses(400, 404, 415)},
        description="A need in one compartment, given to an agency taking part that reads it; 404 for a "
        "compartment not open to your agency.",
    )
    def post(self, request: Request, case_id: uuid.UUID) -> Response:
        viewer = api_viewer(request)
        case = selectors.case_get(viewer=viewer, case_id=case_id)
        authorize(viewer, Action.EDIT_CASE, case)
        data = _valid(NeedInputSerializer, request)
        need = services.add_need(viewer=viewer, case=case, **_need_values(data))
        return Response(NeedSerializer(need).data, status=status.HTTP_201_CREATED)


class NeedDetailView(CaseApiView):
    serializer_class = NeedSerializer

    @extend_schema(operation_id="needs_retrieve", responses={200: NeedSerializer, **error_responses(404)})
    def get(self, request: Request, need_id: uuid.UUID) -> Response:
        return Response(NeedSerializer(selectors.need_get(viewer=api_viewer(request), need_id=need_id)).data)

    @extend_schema(
        operation_id="needs_partial_update",
        request=NeedEditInputSerializer,
        responses={200: NeedSerializer, **error_responses(400, 404, 409, 415)},
        description="Change a need (its status, priority, who takes care of it…); fields left out stay.",
    )
    def patch(self, request: Request, need_id: uuid.UUID) -> Response:
        viewer = api_viewer(request)
        need = selectors.need_get(viewer=viewer, need_id=need_id)
        authorize(viewer, Action.EDIT_CASE, need)
        data = _valid(NeedEditInputSerializer, request)
        expected_version = data.pop("version")
        current = {
            "kind": need.kind,
            "priority": need.priority,
            "status": need.status,
            "owner_agency": need.owner_agency,
            "owner": need.owner,
            "description": need.description,
            "compartment": need.compartment,
        }
        values = _need_values({**current, **data})
        values["status"] = NeedStatus(values["status"])
        services.update_need(viewer=viewer, need=need, expected_version=expected_version, **values)
        return Response(NeedSerializer(need).data)


class MatchesView(CaseApiView):
    serializer_class = MatchAlertSerializer

    @extend_schema(
        operation_id="cases_matches_list",
        parameters=[CASE_ID],
        responses={200: MatchAlertSerializer(many=True), **error_responses(404)},
        description="For the coordinating agency: people of this situation who may also be known by another "
        "agency, and whom to ask. Nothing of the other situation is given.",
    )
    def get(self, request: Request, case_id: uuid.UUID) -> Response:
        viewer = api_viewer(request)
        case = selectors.case_get(viewer=viewer, case_id=case_id)
        authorize(viewer, Action.MANAGE_PARTICIPANTS, case)
        alerts = person_matching.match_alerts(viewer=viewer, case=case)
        return Response(MatchAlertSerializer(alerts, many=True).data)


class MatchResolveView(CaseApiView):
    @extend_schema(
        operation_id="matches_resolve",
        request=ResolveMatchInputSerializer,
        responses={200: MatchAlertSerializer, **error_responses(400, 404, 415)},
        description="Once the other agency has been asked: it is the same person, or not.",
    )
    def post(self, request: Request, alert_id: uuid.UUID) -> Response:
        viewer = api_viewer(request)
        case_id = MatchAlert.objects.filter(pk=alert_id).values_list("case_id", flat=True).first()
        if case_id is None:
            raise Http404()
        case = selectors.case_get(viewer=viewer, case_id=case_id)
        authorize(viewer, Action.MANAGE_PARTICIPANTS, case)
        alert = person_matching.match_alerts(viewer=viewer, case=case).filter(pk=alert_id).first()
        if alert is None:
            raise Http404()
        data = _valid(ResolveMatchInputSerializer, request)
        person_matching.resolve_alert(viewer=viewer, alert=alert, same_person=data["same_person"])
        return Response(MatchAlertSerializer(alert).data)


class TransfersView(CaseApiView):
    @extend_schema(
        operation_id="cases_transfers_create",
        parameters=[CASE_ID],
        request=TransferInputSerializer,
        responses={201: TransferPayloadSerializer, **error_responses(400, 404, 409, 415)},
        description="The victim moved: propose the situation to a coordinating agency of another department, "
        "which takes part as a partner while it decides.",
    )
    def post(self, request: Request, case_id: uuid.UUID) -> Response:
        viewer = api_viewer(request)
        case = selectors.case_get(viewer=viewer, case_id=case_id)
        authorize(viewer, Action.TRANSFER_CASE, case)
        data = _valid(TransferInputSerializer, request)
        transfer = services.propose_transfer(
            viewer=viewer,
            case=case,
            to_agency=data["to_agency"],
            reason=data["reason"],
            expected_version=data["version"],
        )
        return Response(TransferPayloadSerializer(transfer).data, status=status.HTTP_201_CREATED)


class TransferAcceptView(CaseApiView):
    @extend_schema(
        operation_id="transfers_accept",
        request=TransferAcceptInputSerializer,
        responses={200: TransferPayloadSerializer, **error_responses(400, 404, 409, 415)},
        description="The receiving agency takes over the coordination; it then names its coordinator.",
    )
    def post(self, request: Request, transfer_id: uuid.UUID) -> Response:
        viewer = api_viewer(request)
        transfer = _transfer_get(viewer, transfer_id)
        authorize(viewer, Action.DECIDE_TRANSFER, transfer)
        data = _valid(TransferAcceptInputSerializer, request)
        services.accept_transfer(
            viewer=viewer, transfer=transfer, comment=data["comment"], expected_version=data["version"]
        )
        return Response(TransferPayloadSerializer(transfer).data)


class TransferRefuseView(CaseApiView):
    @extend_schema(
        operation_id="transfers_refuse",
        request=TransferRefuseInputSerializer,
        responses={200: TransferPayloadSerializer, **error_responses(400, 404, 409, 415)},
        description="The receiving agency refuses with a reason; it no longer takes part for the transfer.",
    )
    def post(self, request: Request, transfer_id: uuid.UUID) -> Response:
        viewer = api_viewer(request)
        transfer = _transfer_get(viewer, transfer_id)
        authorize(viewer, Action.DECIDE_TRANSFER, transfer)
        data = _valid(TransferRefuseInputSerializer, request)
        services.refuse_transfer(
            viewer=viewer, transfer=transfer, reason=data["reason"], expected_version=data["version"]
        )
        return Response(TransferPayloadSerializer(transfer).data)


class TransferWithdrawView(CaseApiView):
    @extend_schema(
        operation_id="transfers_withdraw",
        request=VersionInputSerializer,
        responses={200: TransferPayloadSerializer, **error_responses(400, 404, 409, 415)},
        description="The coordinating agency takes its proposal back before it is decided.",
    )
    def post(self, request: Request, transfer_id: uuid.UUID) -> Response:
        viewer = api_viewer(request)
        transfer = _transfer_get(viewer, transfer_id)
        authorize(viewer, Action.TRANSFER_CASE, transfer)
        data = _valid(VersionInputSerializer, request)
        services.withdraw_transfer(viewer=viewer, transfer=transfer, expected_version=data["version"])
        return Response(TransferPayloadSerializer(transfer).data)


class ClosureApproveView(CaseApiView):
    @extend_schema(
        operation_id="closing_requests_approve",
        request=VersionInputSerializer,
        responses={200: ClosurePayloadSerializer, **error_responses(400, 404, 409, 415)},
        description="Another coordinator of the coordinating agency approves: the situation closes.",
    )
    def post(self, request: Request, closure_id: uuid.UUID) -> Response:
        viewer = api_viewer(request)
        closure = _closure_get(viewer, closure_id)
        authorize(viewer, Action.CHANGE_CASE_STATUS, closure)
        data = _valid(VersionInputSerializer, request)
        services.approve_closure(viewer=viewer, closure=closure, expected_version=data["version"])
        return Response(ClosurePayloadSerializer(closure).data)


class ClosureRefuseView(CaseApiView):
    @extend_schema(
        operation_id="closing_requests_refuse",
        request=ClosureRefuseInputSerializer,
        responses={200: ClosurePayloadSerializer, **error_responses(400, 404, 409, 415)},
        description="Another coordinator refuses (or the requester withdraws) with a reason: the situation stays open.",
    )
    def post(self, request: Request, closure_id: uuid.UUID) -> Response:
        viewer = api_viewer(request)
        closure = _closure_get(viewer, closure_id)
        authorize(viewer, Action.CHANGE_CASE_STATUS, closure)
        data = _valid(ClosureRefuseInputSerializer, request)
        services.refuse_closure(viewer=viewer, closure=closure, reason=data["reason"], expected_version=data["version"])
        return Response(ClosurePayloadSerializer(closure).data)
