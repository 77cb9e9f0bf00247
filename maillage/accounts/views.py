import uuid

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from maillage.accounts import selectors, services
from maillage.accounts.acting import set_session_agency, viewer_for
from maillage.accounts.forms import (
    AddMemberForm,
    ChangeRoleForm,
    ChooseAgencyForm,
    CreateApiTokenForm,
    DeactivateMembershipForm,
)
from maillage.accounts.models import ApiToken, Role
from maillage.core.locking import StaleVersionError
from maillage.policy.decisions import Action, decide


def choose_agency(request: HttpRequest) -> HttpResponse:
    agencies = list(selectors.agencies_of(request.user))  # type: ignore[arg-type]
    form = ChooseAgencyForm(request.POST or None, agencies=agencies)
    if request.method == "POST" and form.is_valid():
        agency = selectors.acting_agency_for(request.user, form.cleaned_data["agency"])  # type: ignore[arg-type]
        if agency is not None:
            set_session_agency(request, agency)
            messages.success(request, _("You are now acting for %(agency)s.") % {"agency": agency.name})
            next_url = request.GET.get("next", "")
            if url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
                return redirect(next_url)
            return redirect("web:dashboard")
    status = 200 if agencies else 403
    return render(request, "accounts/choose_agency.html", {"form": form, "agencies": agencies}, status=status)


def profile(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request)
    can_use_api = decide(viewer, Action.MANAGE_API_TOKENS, viewer.user).allowed
    return render(
        request,
        "accounts/profile.html",
        {
            "memberships": selectors.own_memberships(viewer=viewer),
            "tokens": selectors.api_token_list(viewer=viewer) if can_use_api else [],
            "can_use_api": can_use_api,
            "token_form": CreateApiTokenForm(),
        },
    )


@require_POST
def api_token_create(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request)
    form = CreateApiTokenForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return redirect("accounts:profile")
    token, secret = services.create_api_token(
        viewer=viewer, name=form.cleaned_data["name"], valid_days=form.cleaned_data["valid_days"]
    )
    return render(request, "accounts/api_token_created.html", {"token": token, "secret": secret})


@require_POST
def api_token_revoke(request: HttpRequest, token_id: uuid.UUID) -> HttpResponse:
    viewer = viewer_for(request)
    token = get_object_or_404(ApiToken, pk=token_id, user=viewer.user)
    services.revoke_api_token(viewer=viewer, token=token)
    messages.success(request, _("The token was revoked."))
    return redirect("accounts:profile")


def member_list(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request)
    assert viewer.agency is not None
    memberships = selectors.member_list(viewer=viewer, agency=viewer.agency)
    can_manage = decide(viewer, Action.MANAGE_MEMBERS, viewer.agency).allowed
    form = AddMemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_member(viewer=viewer, agency=viewer.agency, **form.cleaned_data)
        except services.MembershipError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request, _("%(name)s was added to your agency.") % {"name": form.cleaned_data["full_name"]}
            )
            return redirect("accounts:member_list")
    return render(
        request,
        "accounts/member_list.html",
        {"memberships": memberships, "can_manage": can_manage, "form": form},
        status=400 if form.errors else 200,
    )


def member_edit(request: HttpRequest, membership_id: uuid.UUID) -> HttpResponse:
    viewer = viewer_for(request)
    membership = selectors.membership_get(viewer=viewer, membership_id=membership_id)
    role_form = ChangeRoleForm(
        request.POST if "change_role" in request.POST else None,
        initial={"role": membership.role, "version": membership.version},
    )
    deactivate_form = DeactivateMembershipForm(
        request.POST if "deactivate" in request.POST else None, initial={"version": membership.version}
    )
    if request.method == "POST":
        try:
            if role_form.is_bound and role_form.is_valid():
                services.change_member_role(
                    viewer=viewer,
                    membership=membership,
                    role=Role(role_form.cleaned_data["role"]),
                    expected_version=role_form.cleaned_data["version"],
                )
                messages.success(request, _("The role was changed."))
                return redirect("accounts:member_list")
            if deactivate_form.is_bound and deactivate_form.is_valid():
                services.deactivate_membership(
                    viewer=viewer, membership=membership, expected_version=deactivate_form.cleaned_data["version"]
                )
                messages.success(request, _("The membership was ended; access stopped at once."))
                return redirect("accounts:member_list")
        except (StaleVersionError, services.MembershipError) as error:
            message = error.message if isinstance(error, StaleVersionError) else str(error)
            messages.error(request, message)
            return redirect("accounts:member_edit", membership_id=membership.pk)
    return render(
        request,
        "accounts/member_edit.html",
        {"membership": membership, "role_form": role_form, "deactivate_form": deactivate_form},
        status=400 if request.method == "POST" else 200,
    )
