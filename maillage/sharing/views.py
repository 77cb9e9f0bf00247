"""Pages of consent and sharing: record a consent, withdraw it, share with an agency, revoke a
sharing, and the disclosure register.

The forms are offered in the "Consent and sharing" section of the situation page; they post here.
A refused submission comes back on its own page with the reason (status 400); a successful one
returns to the situation page.
"""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from maillage.accounts.acting import viewer_for
from maillage.cases import selectors as case_selectors
from maillage.cases.forms import attach_error
from maillage.cases.models import Case
from maillage.core.locking import StaleVersionError
from maillage.directory.models import Agency
from maillage.policy.decisions import Action, decide
from maillage.policy.enforcement import authorize
from maillage.policy.viewer import Viewer
from maillage.sharing import panel, selectors, services
from maillage.sharing.forms import ProtocolForm, RevokeDisclosureForm, WithdrawConsentForm
from maillage.sharing.models import GovernanceBody, ProtocolStatus

REGISTERS_PER_PAGE = 25


def _sharing_url(case: Case) -> str:
    return reverse("cases:case_detail", args=[case.pk]) + "#sharing"


def consent_add(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    viewer = viewer_for(request)
    case = case_selectors.case_get(viewer=viewer, case_id=case_id)
    data = request.POST if request.method == "POST" else None
    form = panel.consent_form(viewer, case, data)
    if form is None:
        raise Http404()
    if data is not None and form.is_valid():
        try:
            services.record_consent(viewer=viewer, case=case, details=form.details())
        except ValidationError as error:
            attach_error(form, error)
        else:
            messages.success(request, _("The consent was recorded."))
            return redirect(_sharing_url(case))
    status = 400 if data is not None else 200
    return render(request, "sharing/consent_add.html", {"case": case, "form": form}, status=status)


def consent_withdraw(request: HttpRequest, case_id: uuid.UUID, consent_id: uuid.UUID) -> HttpResponse:
    """Ask for confirmation, then record the withdrawal: final, effective at once."""
    viewer = viewer_for(request)
    case = case_selectors.case_get(viewer=viewer, case_id=case_id)
    consent = selectors.consent_get(viewer=viewer, case=case, consent_id=consent_id)
    authorize(viewer, Action.RECORD_CONSENT, consent, hide_existence=True)
    form = WithdrawConsentForm(request.POST if request.method == "POST" else None, prefix="withdraw")
    if request.method == "POST" and form.is_valid():
        try:
            services.withdraw_consent(viewer=viewer, consent=consent, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            attach_error(form, error)
        else:
            messages.success(request, _("The consent was withdrawn. What was shared on it is closed from now on."))
            return redirect(_sharing_url(case))
    status = 400 if request.method == "POST" else 200
    return render(
        request, "sharing/consent_withdraw.html", {"case": case, "consent": consent, "form": form}, status=status
    )


def disclosure_add(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    viewer = viewer_for(request)
    case = case_selectors.case_get(viewer=viewer, case_id=case_id)
    data = request.POST if request.method == "POST" else None
    form = panel.disclosure_form(viewer, case, data)
    if form is None:
        raise Http404()
    if data is not None and form.is_valid():
        try:
            disclosure = services.disclose(viewer=viewer, case=case, request=form.request())
        except ValidationError as error:
            attach_error(form, error)
        else:
            messages.success(
                request,
                _("The sharing with %(agency)s was recorded in the register.")
                % {"agency": disclosure.recipient_agency.name},
            )
            return redirect(_sharing_url(case))
    status = 400 if data is not None else 200
    return render(request, "sharing/disclosure_add.html", {"case": case, "form": form}, status=status)


def disclosure_revoke(request: HttpRequest, case_id: uuid.UUID, disclosure_id: uuid.UUID) -> HttpResponse:
    viewer = viewer_for(request)
    case = case_selectors.case_get(viewer=viewer, case_id=case_id)
    disclosure = selectors.disclosure_to_revoke(viewer=viewer, case=case, disclosure_id=disclosure_id)
    form = RevokeDisclosureForm(request.POST if request.method == "POST" else None, prefix="revoke")
    if request.method == "POST" and form.is_valid():
        try:
            services.revoke_disclosure(viewer=viewer, disclosure=disclosure, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            attach_error(form, error)
        else:
            messages.success(request, _("The sharing was revoked; what it opened is closed from now on."))
            return redirect(_sharing_url(case))
    status = 400 if request.method == "POST" else 200
    context = {"case": case, "disclosure": disclosure, "form": form}
    return render(request, "sharing/disclosure_revoke.html", context, status=status)


def disclosure_register(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    viewer = viewer_for(request)
    case, disclosures = selectors.disclosure_register(viewer=viewer, case_id=case_id)
    return render(request, "sharing/disclosure_register.html", {"case": case, "disclosures": disclosures})


def register_list(request: HttpRequest) -> HttpResponse:
    """The situations whose disclosure register the viewer may read (coordinating agency, DPO)."""
    viewer = viewer_for(request)
    page = Paginator(selectors.registers(viewer=viewer), REGISTERS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "sharing/register_list.html", {"page": page})


# --- Governance bodies and protocols ------------------------------------------------------------


def protocol_list(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request)
    grouped = selectors.protocols_by_status(viewer=viewer)
    context = {
        "in_force": grouped[ProtocolStatus.IN_FORCE],
        "upcoming": grouped[ProtocolStatus.UPCOMING],
        "expired": grouped[ProtocolStatus.EXPIRED],
        "can_manage": decide(viewer, Action.MANAGE_PROTOCOLS, viewer.agency).allowed,
    }
    return render(request, "sharing/protocol_list.html", context)


def protocol_detail(request: HttpRequest, protocol_id: uuid.UUID) -> HttpResponse:
    viewer = viewer_for(request)
    protocol = selectors.protocol_get(viewer=viewer, protocol_id=protocol_id)
    context = {
        "protocol": protocol,
        "parties": protocol.parties.order_by("name"),
        "can_manage": decide(viewer, Action.MANAGE_PROTOCOLS, protocol).allowed,
    }
    return render(request, "sharing/protocol_detail.html", context)


def _protocol_form(viewer: Viewer, data: object, initial: dict[str, object] | None = None) -> ProtocolForm:
    assert viewer.agency is not None
    return ProtocolForm(
        data,
        initial=initial,
        agencies=Agency.objects.filter(is_active=True).order_by("department_code", "name"),
        bodies=GovernanceBody.objects.filter(department_code=viewer.agency.department_code),
    )


def protocol_add(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request)
    authorize(viewer, Action.MANAGE_PROTOCOLS, viewer.agency)
    form = _protocol_form(viewer, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            protocol = services.record_protocol(viewer=viewer, details=form.details())
        except ValidationError as error:
            attach_error(form, error)
        else:
            messages.success(request, _("The protocol was recorded."))
            return redirect("sharing:protocol_detail", protocol_id=protocol.pk)
    status = 400 if form.errors else 200
    return render(request, "sharing/protocol_form.html", {"form": form, "protocol": None}, status=status)


def protocol_edit(request: HttpRequest, protocol_id: uuid.UUID) -> HttpResponse:
    viewer = viewer_for(request)
    protocol = selectors.protocol_get(viewer=viewer, protocol_id=protocol_id)
    authorize(viewer, Action.MANAGE_PROTOCOLS, protocol)
    data = request.POST if request.method == "POST" else None
    form = _protocol_form(viewer, data, ProtocolForm.initial_for(protocol))
    if data is not None and form.is_valid():
        try:
            services.update_protocol(
                viewer=viewer,
                protocol=protocol,
                details=form.details(),
                expected_version=form.cleaned_data["version"] or 0,
            )
        except StaleVersionError as error:
            form.add_error(None, error.message)
        except ValidationError as error:
            attach_error(form, error)
        else:
            messages.success(request, _("The protocol was saved. What it allows applies from now on."))
            return redirect("sharing:protocol_detail", protocol_id=protocol.pk)
    status = 400 if form.errors else 200
    return render(request, "sharing/protocol_form.html", {"form": form, "protocol": protocol}, status=status)


def governance_list(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request)
    bodies = selectors.governance_bodies(viewer=viewer)
    return render(request, "sharing/governance_list.html", {"bodies": bodies})
