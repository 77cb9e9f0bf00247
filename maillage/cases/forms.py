"""Forms of the situation pages. They parse input; the services decide (dates, access, transitions).

Choices that depend on who asks (compartments, agencies, colleagues, next statuses) are given by
the view, so a form never offers what the services would refuse.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from maillage.accounts.models import User
from maillage.cases.models import (
    CaseStatus,
    ClosureReason,
    Incident,
    IntakeChannel,
    NeedKind,
    NeedPriority,
    NeedStatus,
    PersonRole,
    ViolenceForm,
)
from maillage.cases.services import PersonDetails, SignalDetails
from maillage.directory.models import Agency
from maillage.policy.compartments import Compartment


class DateInput(forms.DateInput):
    """The browser's date picker; the value travels as YYYY-MM-DD whatever the language."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def attach_error(form: forms.Form, error: ValidationError) -> None:
    """Attach a service's ValidationError to the form: to its fields when it names them, else to the form."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


class AgencyChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        assert isinstance(obj, Agency)
        return f"{obj.name} — {obj.get_kind_display()} ({obj.department_code})"


class VersionForm(forms.Form):
    """The version of a record the user saw, for buttons that change it (mark a task done)."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


# --- Intake ---------------------------------------------------------------------------------


class SignalForm(forms.Form):
    channel = forms.ChoiceField(label=_("How the situation was signalled"), choices=IntakeChannel.choices)
    received_on = forms.DateField(label=_("Date of the signal"), widget=DateInput)
    referring_agency = AgencyChoiceField(label=_("Referring agency"), queryset=Agency.objects.none())
    referring_person = forms.CharField(
        label=_("Referring professional"),
        max_length=150,
        required=False,
        help_text=_("Name and function, so that partners know whom to call back."),
    )
    first_facts = forms.CharField(
        label=_("First facts"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What happened, in a few lines. Do not write the victim's address here."),
    )

    def __init__(self, *args: Any, agencies: QuerySet[Agency], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["referring_agency"].queryset = agencies  # type: ignore[attr-defined]

    def signal(
        self, children: tuple[PersonDetails, ...] = (), coordinator_agency: Agency | None = None
    ) -> SignalDetails:
        data = self.cleaned_data
        return SignalDetails(
            channel=IntakeChannel(data["channel"]),
            received_on=data["received_on"],
            referring_agency=data["referring_agency"],
            referring_person=data["referring_person"],
            first_facts=data["first_facts"],
            children=children,
            coordinator_agency=coordinator_agency,
        )


class IntakeForm(SignalForm):
    coordinator_agency = AgencyChoiceField(
        label=_("Coordinating agency"),
        queryset=Agency.objects.none(),
        required=False,
        empty_label=_("My agency"),
        help_text=_("The agency of the department that will follow the situation, if it is not yours."),
    )

    def __init__(self, *args: Any, coordinators: QuerySet[Agency], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["coordinator_agency"].queryset = coordinators  # type: ignore[attr-defined]


def _refuse_future_birth_date(value: Any) -> Any:
    # The service refuses it too, but without saying whose date it is: say it on the right field.
    if value and value > timezone.localdate():
        raise ValidationError(_("This date is in the future."))
    return value


class PersonForm(forms.Form):
    """A person's identity. Built with `empty_permitted=True` for someone who may be unknown (perpetrator)."""

    given_names = forms.CharField(label=_("Given names"), max_length=150)
    family_name = forms.CharField(label=_("Family name"), max_length=150)
    birth_name = forms.CharField(label=_("Birth name"), max_length=150, required=False)
    birth_date = forms.DateField(label=_("Date of birth"), widget=DateInput, required=False)
    languages = forms.CharField(label=_("Languages spoken"), max_length=150, required=False)
    needs_interpreter = forms.BooleanField(label=_("Needs an interpreter"), required=False)

    def clean_birth_date(self) -> Any:
        return _refuse_future_birth_date(self.cleaned_data["birth_date"])

    def details(self) -> PersonDetails | None:
        """The person entered, or None when the form was left empty."""
        if not self.has_changed():
            return None
        data = self.cleaned_data
        return PersonDetails(
            given_names=data["given_names"],
            family_name=data["family_name"],
            birth_name=data.get("birth_name", ""),
            birth_date=data.get("birth_date"),
            languages=data.get("languages", ""),
            needs_interpreter=data.get("needs_interpreter", False),
        )


class ChildForm(PersonForm):
    """A child exposed to the violence: a short identity, the rest can come later."""

    birth_name = None  # type: ignore[assignment]
    languages = None  # type: ignore[assignment]
    needs_interpreter = None  # type: ignore[assignment]


class AddPersonForm(PersonForm):
    role = forms.ChoiceField(label=_("Role in the situation"), choices=PersonRole.choices)
    relationship = forms.CharField(
        label=_("Relationship"),
        max_length=120,
        required=False,
        help_text=_("For example: ex-partner of the victim, daughter of the victim."),
    )
    field_order = ["role", "given_names", "family_name", "birth_name", "birth_date", "relationship"]

    def __init__(self, *args: Any, roles: Iterable[PersonRole], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [(role.value, role.label) for role in roles]  # type: ignore[attr-defined]


# --- Content of a situation -------------------------------------------------------------------


def _compartment_choices(compartments: Iterable[Compartment]) -> list[tuple[str, Any]]:
    opened = set(compartments)
    return [(value, label) for value, label in Compartment.choices if value in opened]


class NoteForm(forms.Form):
    body = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 4}))
    compartment = forms.ChoiceField(
        label=_("Who may read it"),
        choices=(),
        initial=Compartment.GENERAL,
        help_text=_("Only the agencies to which this compartment is open will see the note."),
    )

    def __init__(self, *args: Any, compartments: Iterable[Compartment], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["compartment"].choices = _compartment_choices(compartments)  # type: ignore[attr-defined]


class EditNoteForm(forms.Form):
    body = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 6}))
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class RetractNoteForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is the note retracted?"),
        max_length=300,
        help_text=_("The note stays visible, marked retracted, with this reason."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class IncidentForm(forms.Form):
    occurred_on = forms.DateField(label=_("Date of the incident"), widget=DateInput)
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    strangulation = forms.BooleanField(label=_("Strangulation or choking"), required=False)
    weapon = forms.CharField(label=_("Weapon used or threatened"), max_length=120, required=False)
    injuries = forms.CharField(label=_("Injuries"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    children_present = forms.BooleanField(label=_("Children present"), required=False)
    police_response = forms.CharField(label=_("Police response"), max_length=200, required=False)
    source = forms.ChoiceField(label=_("Source"), choices=IntakeChannel.choices)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    compartment = forms.ChoiceField(label=_("Who may read it"), choices=(), initial=Compartment.GENERAL)
    # Named like the model field, so that the service's errors land on it; declared last because
    # the name hides the `forms` module in the rest of the class body.
    forms = forms.MultipleChoiceField(
        label=_("Forms of violence"), choices=ViolenceForm.choices, widget=forms.CheckboxSelectMultiple
    )
    field_order = [
        "occurred_on",
        "place",
        "forms",
        "strangulation",
        "weapon",
        "injuries",
        "children_present",
        "police_response",
        "source",
        "description",
        "compartment",
    ]

    def __init__(self, *args: Any, compartments: Iterable[Compartment], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["compartment"].choices = _compartment_choices(compartments)  # type: ignore[attr-defined]


class TaskForm(forms.Form):
    title = forms.CharField(label=_("Task"), max_length=200)
    owner_agency = AgencyChoiceField(label=_("Agency in charge"), queryset=Agency.objects.none())
    owner = forms.ModelChoiceField(
        label=_("Person in charge"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("Not named"),
        help_text=_("Someone of your own agency, when the task is your agency's."),
    )
    due_on = forms.DateField(label=_("Due date"), widget=DateInput)

    def __init__(self, *args: Any, agencies: QuerySet[Agency], colleagues: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner_agency"].queryset = agencies  # type: ignore[attr-defined]
        self.fields["owner"].queryset = colleagues  # type: ignore[attr-defined]


class NeedForm(forms.Form):
    kind = forms.ChoiceField(label=_("Need or difficulty"), choices=NeedKind.choices)
    description = forms.CharField(
        label=_("Description"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("What is needed, in a few words."),
    )
    priority = forms.TypedChoiceField(
        label=_("Priority"), choices=NeedPriority.choices, coerce=int, initial=NeedPriority.MEDIUM
    )
    owner_agency = AgencyChoiceField(label=_("Agency in charge"), queryset=Agency.objects.none())
    owner = forms.ModelChoiceField(
        label=_("Person in charge"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("Not named"),
        help_text=_("Someone of your own agency, when the need is your agency's."),
    )
    compartment = forms.ChoiceField(
        label=_("Who may read it"),
        choices=(),
        initial=Compartment.GENERAL,
        help_text=_("A health need can be kept in the medical compartment, for example."),
    )

    def __init__(
        self,
        *args: Any,
        agencies: QuerySet[Agency],
        colleagues: QuerySet[User],
        compartments: Iterable[Compartment],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner_agency"].queryset = agencies  # type: ignore[attr-defined]
        self.fields["owner"].queryset = colleagues  # type: ignore[attr-defined]
        self.fields["compartment"].choices = _compartment_choices(compartments)  # type: ignore[attr-defined]

    def values(self) -> dict[str, Any]:
        """The cleaned values as the services take them."""
        data = self.cleaned_data
        values = {name: data[name] for name in self.fields if name != "version"}
        values["kind"] = NeedKind(data["kind"])
        values["priority"] = NeedPriority(data["priority"])
        values["compartment"] = Compartment(data["compartment"])
        if "status" in data:
            values["status"] = NeedStatus(data["status"])
        return values


class EditNeedForm(NeedForm):
    status = forms.ChoiceField(label=_("Status"), choices=NeedStatus.choices)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    field_order = ["kind", "status", "priority", "description", "owner_agency", "owner", "compartment"]


DOCUMENT_EXTENSIONS = ".pdf,.jpg,.jpeg,.png,.docx,.odt,.xlsx,.ods"


class IncidentChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        assert isinstance(obj, Incident)
        day = formats.date_format(obj.occurred_on, "SHORT_DATE_FORMAT")
        return _("Incident of %(date)s") % {"date": day} + (f" — {obj.place}" if obj.place else "")


class DocumentForm(forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        required=False,
        help_text=_("For example: medical certificate of 21 November. The file name is used if left empty."),
    )
    file = forms.FileField(
        label=_("File"), widget=forms.FileInput(attrs={"accept": DOCUMENT_EXTENSIONS}), max_length=255
    )
    compartment = forms.ChoiceField(
        label=_("Who may read it"),
        choices=(),
        initial=Compartment.GENERAL,
        help_text=_("Only the agencies to which this compartment is open will see the document."),
    )
    incident = IncidentChoiceField(
        label=_("Incident it documents"),
        queryset=Incident.objects.none(),
        required=False,
        empty_label=_("None"),
    )

    def __init__(
        self, *args: Any, compartments: Iterable[Compartment], incidents: QuerySet[Incident], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["compartment"].choices = _compartment_choices(compartments)  # type: ignore[attr-defined]
        self.fields["incident"].queryset = incidents  # type: ignore[attr-defined]
        limit = settings.DOCUMENT_MAX_BYTES // (1024 * 1024)
        self.fields["file"].help_text = _(
            "PDF, JPEG, PNG or office document (DOCX, ODT, XLSX, ODS), up to %(limit)s MB."
        ) % {"limit": limit}


# --- Coordination ---------------------------------------------------------------------------


class InviteAgencyForm(forms.Form):
    agency = AgencyChoiceField(
        label=_("Agency to invite"),
        queryset=Agency.objects.none(),
        help_text=_("It will see the compartments its kind of agency opens by default."),
    )

    def __init__(self, *args: Any, agencies: QuerySet[Agency], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies  # type: ignore[attr-defined]


class CoordinatorForm(forms.Form):
    coordinator = forms.ModelChoiceField(
        label=_("Coordinator answerable for the situation"), queryset=User.objects.none()
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args: Any, coordinators: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["coordinator"].queryset = coordinators  # type: ignore[attr-defined]


class StatusForm(forms.Form):
    to_status = forms.ChoiceField(label=_("New status"), choices=())
    reason = forms.ChoiceField(
        label=_("Reason for closing"),
        choices=[("", "—"), *ClosureReason.choices],
        required=False,
        help_text=_("Required when the situation is closed."),
    )
    comment = forms.CharField(label=_("Comment"), max_length=300, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args: Any, statuses: Iterable[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        allowed = set(statuses)
        choices = [(value, label) for value, label in CaseStatus.choices if value in allowed]
        self.fields["to_status"].choices = choices  # type: ignore[attr-defined]


class DecisionForm(forms.Form):
    """Approve or refuse a pending request (to close, to transfer): the button pressed gives the
    decision; a reason is needed to refuse."""

    decision = forms.ChoiceField(choices=[("approve", "approve"), ("refuse", "refuse")])
    reason = forms.CharField(
        label=_("Reason"),
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required to refuse."),
    )
    item = forms.UUIDField(widget=forms.HiddenInput)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class TransferForm(forms.Form):
    to_agency = AgencyChoiceField(
        label=_("Coordinating agency of the new territory"),
        queryset=Agency.objects.none(),
        help_text=_("It takes part while it decides, with the compartments its kind of agency opens by default."),
    )
    reason = forms.CharField(
        label=_("Reason for the transfer"), max_length=500, widget=forms.Textarea(attrs={"rows": 3})
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args: Any, agencies: QuerySet[Agency], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to_agency"].queryset = agencies  # type: ignore[attr-defined]


class VictimContactForm(forms.Form):
    safe_phone = forms.CharField(label=_("Safe phone number"), max_length=40, required=False)
    safe_email = forms.EmailField(label=_("Safe email address"), required=False)
    safe_times = forms.CharField(
        label=_("Safe days and hours"),
        max_length=200,
        required=False,
        help_text=_("When she can be called without danger, for example “weekdays 9:00–12:00”."),
    )
    code_word = forms.CharField(label=_("Code word"), max_length=100, required=False)
    may_leave_message = forms.BooleanField(label=_("A message may be left"), required=False)
    address = forms.CharField(
        label=_("Current address (confidential)"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def values(self) -> dict[str, object]:
        return {name: value for name, value in self.cleaned_data.items() if name != "version"}


class ResolveMatchForm(forms.Form):
    """The coordinator's answer about a possible match: the same person or not."""

    same_person = forms.TypedChoiceField(
        choices=[("yes", _("Same person")), ("no", _("Not the same person"))], coerce=lambda value: value == "yes"
    )
