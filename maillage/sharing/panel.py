"""The "Consent and sharing" section of the situation page, and the forms it offers.

Built here once for the section (maillage/sharing/templatetags/sharing_tags.py) and for the form
pages (views.py). `decide` is used only to choose which forms and buttons to show; the services
check again when they are used.
"""

from __future__ import annotations

from typing import Any

from django.http import QueryDict

from maillage.cases import selectors as case_selectors
from maillage.cases.models import Case
from maillage.directory.models import Agency
from maillage.directory.selectors import agency_list
from maillage.policy.compartments import Compartment
from maillage.policy.decisions import Action, CaseContent, decide
from maillage.policy.viewer import Viewer
from maillage.sharing import selectors
from maillage.sharing.forms import ConsentForm, DisclosureForm
from maillage.sharing.models import Consent, Disclosure


def consent_form(viewer: Viewer, case: Case, data: QueryDict | None = None) -> ConsentForm | None:
    """The consent form, offering the people the viewer may record a consent for; None if nobody."""
    people = [
        link
        for link in case_selectors.case_people(viewer=viewer, case=case)
        if decide(viewer, Action.RECORD_CONSENT, link).allowed
    ]
    if not people:
        return None
    agencies = agency_list(viewer=viewer).order_by("name")
    return ConsentForm(data, prefix="consent", people=people, agencies=agencies)


def disclosable_compartments(viewer: Viewer, case: Case) -> list[Compartment]:
    return [
        compartment
        for compartment in Compartment
        if decide(viewer, Action.DISCLOSE, CaseContent(case, compartment)).allowed
    ]


def disclosure_form(
    viewer: Viewer, case: Case, data: QueryDict | None = None, consents: list[Consent] | None = None
) -> DisclosureForm | None:
    """The form to share with an agency taking part; None if the viewer may not disclose anything."""
    compartments = disclosable_compartments(viewer, case)
    if not compartments or viewer.agency is None:
        return None
    recipients = Agency.objects.filter(
        pk__in=case_selectors.participations(viewer=viewer, case=case).values("agency")
    ).exclude(pk=viewer.agency.pk)
    if not recipients.exists():
        return None
    if consents is None:
        consents = selectors.case_consents(viewer=viewer, case=case)
    return DisclosureForm(
        data,
        prefix="disclosure",
        recipients=recipients.order_by("name"),
        compartments=compartments,
        consents=[consent for consent in consents if not hasattr(consent, "withdrawal")],
        legal_bases=selectors.legal_bases_for(viewer=viewer),
        protocols=selectors.protocols_for_disclosure(viewer=viewer),
    )


def may_revoke(viewer: Viewer, case: Case, disclosure: Disclosure) -> bool:
    return (
        disclosure.revoked_at is None
        and viewer.agency is not None
        and viewer.agency.pk in (disclosure.disclosing_agency_id, case.coordinator_agency_id)
        and decide(viewer, Action.DISCLOSE, case).allowed
    )


def sharing_section(viewer: Viewer, case: Case) -> dict[str, Any]:
    consents = selectors.case_consents(viewer=viewer, case=case)
    disclosures = selectors.agency_disclosures(viewer=viewer, case=case)
    return {
        "feedback": selectors.referral_feedback(viewer=viewer, case=case),
        "consents": [
            (consent, not hasattr(consent, "withdrawal") and decide(viewer, Action.RECORD_CONSENT, consent).allowed)
            for consent in consents
        ],
        "disclosures": [(disclosure, may_revoke(viewer, case, disclosure)) for disclosure in disclosures],
        "consent_form": consent_form(viewer, case),
        "disclosure_form": disclosure_form(viewer, case, consents=consents),
        "sees_register": decide(viewer, Action.VIEW_DISCLOSURE_REGISTER, case).allowed,
    }
