"""Forms of the interpreters app. They parse input; the services apply the rules."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from maillage.cases.models import CasePerson, PersonRole
from maillage.directory.models import Agency, Language
from maillage.interpreters.models import Interpreter
from maillage.interpreters.services import BookingRequest


class DateTimeInput(forms.DateTimeInput):
    """The browser's date and time picker; the value travels as YYYY-MM-DDTHH:MM whatever the language."""

    input_type = "datetime-local"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


class InterpreterForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Interpreter
        fields = ["full_name", "kind", "languages", "agency", "phone", "email", "communities", "is_active"]
        widgets = {"communities": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, agencies: QuerySet[Agency], independent_allowed: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["agency"]
        field.queryset = agencies  # type: ignore[attr-defined]
        field.required = not independent_allowed
        field.empty_label = _("Independent") if independent_allowed else None  # type: ignore[attr-defined]
        codes = ", ".join(f"{code} ({label})" for code, label in Language.choices[:6])
        self.fields["languages"].help_text = _("ISO 639 codes separated by commas, e.g. %(codes)s…") % {"codes": codes}

    def clean_languages(self) -> str:
        return ",".join(code.strip() for code in self.cleaned_data["languages"].split(",") if code.strip())

    def values(self) -> dict[str, object]:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class BookingForm(forms.Form):
    case_person = forms.ChoiceField(label=_("For whom"), choices=())
    interpreter = forms.ModelChoiceField(
        label=_("Interpreter or cultural mediator"), queryset=Interpreter.objects.none()
    )
    starts_at = forms.DateTimeField(
        label=_("Date and time"), widget=DateTimeInput, input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
    )
    purpose = forms.CharField(
        label=_("Purpose"),
        max_length=200,
        help_text=_("e.g. hearing at the police station, social interview. Never her address."),
    )
    declared_relative = forms.BooleanField(
        label=_("The interpreter is a relative or friend of the victim or of the perpetrator"),
        required=False,
        help_text=_("A relative, a friend of the family or a child is never asked to interpret (MOVE guidelines)."),
    )
    confirmed_warnings = forms.BooleanField(label=_("I have checked the points above and book anyway"), required=False)

    def __init__(
        self, *args: Any, people: Iterable[CasePerson], interpreters: QuerySet[Interpreter], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        people = sorted(people, key=lambda link: link.role != PersonRole.VICTIM)
        self.people = {str(link.pk): link for link in people}
        choices = [(str(link.pk), f"{link.person} — {link.get_role_display()}") for link in people]
        self.fields["case_person"].choices = [("", _("— Choose the person —")), *choices]  # type: ignore[attr-defined]
        self.fields["interpreter"].queryset = interpreters  # type: ignore[attr-defined]
        self.fields["interpreter"].label_from_instance = _interpreter_label  # type: ignore[attr-defined]

    def request(self) -> BookingRequest:
        data = self.cleaned_data
        return BookingRequest(
            case_person=self.people[data["case_person"]],
            interpreter=data["interpreter"],
            starts_at=data["starts_at"],
            purpose=data["purpose"],
            declared_relative=data["declared_relative"],
            confirmed_warnings=data["confirmed_warnings"],
        )


def _interpreter_label(interpreter: Interpreter) -> str:
    return f"{interpreter.full_name} — {interpreter.get_kind_display()} ({', '.join(interpreter.language_labels)})"


class ObjectionForm(forms.Form):
    case_person = forms.ChoiceField(label=_("Victim"), choices=())
    objects = forms.BooleanField(label=_("She does not want an interpreter from her community"), required=False)
    community = forms.CharField(
        label=_("Her community, if she says which"),
        max_length=200,
        required=False,
        help_text=_("e.g. “communauté turque de Montreval”. Seen only by agencies with the victim-only compartment."),
    )

    def __init__(self, *args: Any, victims: Iterable[CasePerson], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.victims = {str(link.pk): link for link in victims}
        self.fields["case_person"].choices = [  # type: ignore[attr-defined]
            (key, str(link.person)) for key, link in self.victims.items()
        ]
        if len(self.victims) == 1:
            self.fields["case_person"].widget = forms.HiddenInput()
            self.fields["case_person"].initial = next(iter(self.victims))


class CancelBookingForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
