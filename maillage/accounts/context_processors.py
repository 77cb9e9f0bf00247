from typing import Any

from django.http import HttpRequest

from maillage.accounts.acting import viewer_for


def acting_agency(request: HttpRequest) -> dict[str, Any]:
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {}
    viewer = viewer_for(request)
    return {"viewer": viewer, "acting_agency": viewer.agency}
