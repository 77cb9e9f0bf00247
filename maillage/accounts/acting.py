"""The acting agency of a web session, and the Viewer built from it."""

from django.http import HttpRequest

from maillage.accounts.models import User
from maillage.accounts.selectors import acting_agency_for, agencies_of
from maillage.directory.models import Agency
from maillage.policy.viewer import Viewer

SESSION_KEY = "maillage_acting_agency"


def session_agency(request: HttpRequest, user: User) -> Agency | None:
    """The agency chosen in this session, or the only one the user has; None if a choice is needed."""
    chosen = request.session.get(SESSION_KEY)
    if chosen:
        agency = acting_agency_for(user, chosen)
        if agency is not None:
            return agency
        del request.session[SESSION_KEY]
    candidates = list(agencies_of(user)[:2])
    if len(candidates) == 1:
        set_session_agency(request, candidates[0])
        return candidates[0]
    return None


def set_session_agency(request: HttpRequest, agency: Agency) -> None:
    request.session[SESSION_KEY] = str(agency.pk)


def viewer_for(request: HttpRequest) -> Viewer:
    """The viewer of a request, computed once and kept on the request."""
    viewer = getattr(request, "_maillage_viewer", None)
    if viewer is None:
        user = request.user if request.user.is_authenticated else None
        agency = session_agency(request, user) if isinstance(user, User) else None
        viewer = Viewer(user=user if isinstance(user, User) else None, agency=agency)
        request._maillage_viewer = viewer  # type: ignore[attr-defined]
    return viewer
