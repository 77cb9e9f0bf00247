"""Forms of consent and sharing. They parse input; the services decide (basis, recipient, compartments).

Choices that depend on who asks (people, agencies, compartments, consents, legal bases) are given by
the view, so a form never offers what the services would refuse for a reason the user cannot change.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from maillage.cases.forms import AgencyChoiceField, DateInput
from maillage.cases.models import CasePerson, PersonRole
from maillage.directory.models import Agency, AgencyKind
from maillage.policy.compartments import Compartment
from maillage.sharing.models import (
    PROTOCOL_COMPARTMENTS,
    Consent,
    ConsentMethod,
    DisclosureMode,
    GovernanceBody,
    LegalBasis,
    Protocol,
    SharingPurpose,
)
from maillage.sharing.services import ConsentDetails, DisclosureRequest, ProtocolDetails

CONSENT_PREFIX = "consent:"
LEGAL_BASIS_PREFIX = "legal_basis:"
PROTOCOL_PREFIX = "protocol:"


class ConsentForm(forms.Form):
    person = forms.ChoiceField(label=_("Person who consents"), choices=())
    purpose = forms.ChoiceField(label=_("Purpose"), choices=SharingPurpose.choices)
    recipient_agency = AgencyChoiceField(
        label=_("With which agency"),
        queryset=Agency.objects.none(),
        required=False,
        empty_label=_("A kind of agency (below)"),
    )
    recipient_kind = forms.ChoiceField(
        label=_("Or with which kind of agency"),
        choices=[("", "—"), *AgencyKind.choices],
        required=False,
        help_text=_("Only when she agrees to share with any agency of that kind."),
    )
    method = forms.ChoiceField(
        label=_("How she gave it"),
        choices=ConsentMethod.choices,
        widget=forms.RadioSelect,
        initial=ConsentMethod.WRITTEN,
    )
    witness_name = forms.CharField(
        label=_("Witness"), max_length=150, required=False, help_text=_("Required for an oral consent.")
    )
    given_on = forms.DateField(label=_("Date given"), widget=DateInput)
    interpreter_present = forms.BooleanField(label=_("An interpreter was present"), required=False)
    interpreter_name = forms.CharField(label=_("Interpreter"), max_length=150, required=False)

    def __init__(self, *args: Any, people: Iterable[CasePerson], agencies: QuerySet[Agency], **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"given_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        # The victim first; never a preselected person, so that nobody records his consent for hers.
        people = sorted(people, key=lambda link: link.role != PersonRole.VICTIM)
        self.people = {str(link.person_id): link.person for link in people}
        choices = {str(link.person_id): f"{link.person} — {link.get_role_display()}" for link in people}
        self.fields["person"].choices = [("", _("— Choose the person —")), *choices.items()]  # type: ignore[attr-defined]
        self.fields["recipient_agency"].queryset = agencies  # type: ignore[attr-defined]

    def details(self) -> ConsentDetails:
        data = self.cleaned_data
        return ConsentDetails(
            person=self.people[data["person"]],
            purpose=SharingPurpose(data["purpose"]),
            method=ConsentMethod(data["method"]),
            given_on=data["given_on"],
            recipient_agency=data["recipient_agency"],
            recipient_kind=data["recipient_kind"],
            witness_name=data["witness_name"],
            interpreter_present=data["interpreter_present"],
            interpreter_name=data["interpreter_name"],
        )


class WithdrawConsentForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason she gave (optional)"),
        max_length=300,
        required=False,
        help_text=_("She does not have to give one."),
    )
    confirm = forms.BooleanField(
        label=_("I confirm that she withdraws this consent. This cannot be undone."),
        error_messages={"required": _("Tick the box to confirm the withdrawal.")},
    )


class DisclosureForm(forms.Form):
    recipient = AgencyChoiceField(label=_("Share with"), queryset=Agency.objects.none())
    mode = forms.ChoiceField(
        label=_("How"), choices=DisclosureMode.choices, widget=forms.RadioSelect, initial=DisclosureMode.OPEN_IN_FILE
    )
    compartments = forms.MultipleChoiceField(label=_("What is shared"), choices=(), widget=forms.CheckboxSelectMultiple)
    purpose = forms.ChoiceField(
        label=_("Purpose"),
        choices=[
            (value, label) for value, label in SharingPurpose.choices if value != SharingPurpose.REFERRER_FEEDBACK
        ],
    )
    basis = forms.ChoiceField(label=_("Basis"), choices=(), required=False)
    justification = forms.CharField(
        label=_("Justification"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Required with a legal basis: the facts, the decision or the request that make it apply."),
    )
    details = forms.CharField(
        label=_("Information or documents sent"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("Required for information sent outside Maillage: what, and how (letter, email, phone)."),
    )

    def __init__(
        self,
        *args: Any,
        recipients: QuerySet[Agency],
        compartments: Iterable[Compartment],
        consents: Iterable[Consent],
        legal_bases: Iterable[LegalBasis],
        protocols: Iterable[Protocol] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        opened = set(compartments)
        self.fields["recipient"].queryset = recipients  # type: ignore[attr-defined]
        self.fields["compartments"].choices = [  # type: ignore[attr-defined]
            (value, label) for value, label in Compartment.choices if value in opened
        ]
        self.consents = {f"{CONSENT_PREFIX}{consent.pk}": consent for consent in consents}
        self.legal_bases = {f"{LEGAL_BASIS_PREFIX}{basis.code}": basis for basis in legal_bases}
        consent_choices = [
            (key, f"{consent.person} — {consent.get_purpose_display()} — {consent.recipient_label}")
            for key, consent in self.consents.items()
        ]
        basis_choices = [(key, basis.label) for key, basis in self.legal_bases.items()]
        self.protocols = {f"{PROTOCOL_PREFIX}{protocol.pk}": protocol for protocol in protocols}
        protocol_choices = [
            (key, f"{protocol.title} ({protocol.reference})") for key, protocol in self.protocols.items()
        ]
        groups = [
            (_("Consent of the person"), consent_choices),
            (_("Legal basis"), basis_choices),
            (_("Protocol in force"), protocol_choices),
        ]
        self.fields["basis"].choices = [  # type: ignore[attr-defined]
            ("", _("— Choose the basis —")),
            *[(label, choices) for label, choices in groups if choices],
        ]

    def request(self) -> DisclosureRequest:
        data = self.cleaned_data
        return DisclosureRequest(
            recipient=data["recipient"],
            compartments=frozenset(Compartment(value) for value in data["compartments"]),
            purpose=SharingPurpose(data["purpose"]),
            mode=DisclosureMode(data["mode"]),
            consent=self.consents.get(data["basis"]),
            legal_basis=self.legal_bases.get(data["basis"]),
            protocol=self.protocols.get(data["basis"]),
            justification=data["justification"],
            details=data["details"],
        )


class RevokeDisclosureForm(forms.Form):
    reason = forms.CharField(label=_("Why is this sharing revoked?"), max_length=300)


class ProtocolForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    reference = forms.CharField(label=_("Reference"), max_length=100, help_text=_("e.g. PROT-99-2026-03"))
    body = forms.ModelChoiceField(
        label=_("Governance body"), queryset=GovernanceBody.objects.none(), required=False, empty_label="—"
    )
    parties = forms.ModelMultipleChoiceField(
        label=_("Parties"), queryset=Agency.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    signed_on = forms.DateField(label=_("Signed on"), widget=DateInput)
    starts_on = forms.DateField(label=_("In force from"), widget=DateInput)
    ends_on = forms.DateField(
        label=_("In force until"),
        widget=DateInput,
        required=False,
        help_text=_("Leave empty for a protocol without an end date. It stops applying the day after."),
    )
    signatories = forms.CharField(
        label=_("Signatories"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One per line: name, function, institution."),
    )
    purposes = forms.MultipleChoiceField(
        label=_("Purposes of the sharing"),
        choices=[(value, label) for value, label in SharingPurpose.choices if value != SharingPurpose.MEDICAL_FACTS],
        widget=forms.CheckboxSelectMultiple,
    )
    compartments = forms.MultipleChoiceField(
        label=_("What the parties may share"),
        choices=[(value, label) for value, label in Compartment.choices if value in PROTOCOL_COMPARTMENTS],
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Medical facts are never shared under a protocol, and the victim-only compartment never reaches a "
            "perpetrator programme or the probation service."
        ),
    )
    document_reference = forms.CharField(
        label=_("Document reference"),
        max_length=300,
        required=False,
        help_text=_("Where the signed document is kept, e.g. its registry number."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, required=False)

    def __init__(self, *args: Any, agencies: QuerySet[Agency], bodies: QuerySet[GovernanceBody], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["parties"].queryset = agencies  # type: ignore[attr-defined]
        self.fields["body"].queryset = bodies  # type: ignore[attr-defined]

    @staticmethod
    def initial_for(protocol: Protocol) -> dict[str, Any]:
        return {
            "title": protocol.title,
            "reference": protocol.reference,
            "body": protocol.body_id,
            "parties": list(protocol.parties.values_list("pk", flat=True)),
            "signed_on": protocol.signed_on,
            "starts_on": protocol.starts_on,
            "ends_on": protocol.ends_on,
            "signatories": protocol.signatories,
            "purposes": protocol.purposes,
            "compartments": protocol.compartments,
            "document_reference": protocol.document_reference,
            "version": protocol.version,
        }

    def details(self) -> ProtocolDetails:
        data = self.cleaned_data
        return ProtocolDetails(
            title=data["title"],
            reference=data["reference"],
            parties=list(data["parties"]),
            signed_on=data["signed_on"],
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            signatories=data["signatories"],
            purposes=frozenset(SharingPurpose(value) for value in data["purposes"]),
            compartments=frozenset(Compartment(value) for value in data["compartments"]),
            body=data["body"],
            document_reference=data["document_reference"],
        )
