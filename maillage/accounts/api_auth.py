"""API authentication: bearer tokens bound to (user, agency), or the web session."""

import re
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions, permissions
from rest_framework.request import Request

from maillage.accounts.acting import session_agency
from maillage.accounts.models import ApiToken, User
from maillage.accounts.services import api_token_digest
from maillage.core import context
from maillage.directory.models import Agency
from maillage.policy.viewer import Viewer

# What create_api_token hands out: a hex prefix, a dot, a URL-safe secret. Anything else is refused
# before it reaches the database (a NUL byte, for one, makes PostgreSQL fail the query).
_TOKEN_SHAPE = re.compile(r"[0-9a-f]{1,12}\.[A-Za-z0-9_-]{1,128}")


class ApiTokenAuthentication(authentication.BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request: Request) -> tuple[User, ApiToken] | None:
        header = authentication.get_authorization_header(request).decode("latin-1").split()
        # The auth-scheme is case-insensitive (RFC 7235).
        if not header or header[0].lower() != self.keyword.lower():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_("Malformed authorisation header."))
        secret = header[1]
        if not _TOKEN_SHAPE.fullmatch(secret):
            raise exceptions.AuthenticationFailed(_("Invalid, expired or revoked token."))
        token = (
            ApiToken.objects.select_related("user", "agency")
            .filter(prefix=secret.split(".", 1)[0], digest=api_token_digest(secret), revoked_at__isnull=True)
            .first()
        )
        if token is None or token.expires_at <= timezone.now() or not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("Invalid, expired or revoked token."))
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
        return token.user, token

    def authenticate_header(self, request: Request) -> str:
        return self.keyword


def api_viewer(request: Request) -> Viewer:
    """The viewer of an API call: the token's agency, or the session's acting agency."""
    viewer = getattr(request, "_maillage_viewer", None)
    if viewer is None:
        user = request.user if isinstance(request.user, User) else None
        agency: Agency | None
        if isinstance(request.auth, ApiToken):
            agency = request.auth.agency
        else:
            agency = session_agency(request._request, user) if user else None
        viewer = Viewer(user=user, agency=agency)
        request._maillage_viewer = viewer  # type: ignore[attr-defined]
        context.update(user_id=user.pk if user else None, agency_id=agency.pk if agency else None)
    return viewer


class IsVerifiedMember(permissions.BasePermission):
    """Authenticated, acting for an agency, with a second factor when the roles need one.

    What each endpoint may then do is decided by the policy layer in its selectors and services.
    """

    message = _("Authenticate, choose an acting agency and set up a second factor first.")

    def has_permission(self, request: Request, view: Any) -> bool:
        viewer = api_viewer(request)
        if not viewer.is_authenticated or viewer.agency is None or not viewer.roles:
            return False
        return viewer.has_second_factor or not viewer.needs_second_factor
