"""The gate in front of every page: logged in, second factor enrolled, acting agency chosen."""

from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from maillage.accounts.acting import viewer_for
from maillage.core import context

# Paths that answer on their own terms: login and second-factor pages (allauth), the API
# (its own authentication), language switch, health probe and static files.
OPEN_PREFIXES = ("/accounts/", "/api/", "/i18n/", "/healthz", "/static/", "/favicon.ico")


class AccessGateMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith(OPEN_PREFIXES):
            return self.get_response(request)
        if not request.user.is_authenticated:
            if settings.SESSION_COOKIE_NAME in request.COOKIES and not request.session.keys():
                messages.info(request, _("Your session has expired. Please log in again."))
            return redirect_to_login(request.get_full_path())
        viewer = viewer_for(request)
        context.update(
            user_id=viewer.user.pk if viewer.user else None, agency_id=viewer.agency.pk if viewer.agency else None
        )
        if viewer.needs_second_factor and not viewer.has_second_factor:
            messages.warning(request, _("Your role gives access to personal data: set up a second factor to continue."))
            return redirect("mfa_activate_totp")
        choose_url = reverse("accounts:choose_agency")
        if viewer.agency is None and request.path != choose_url:
            return redirect(f"{choose_url}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)
