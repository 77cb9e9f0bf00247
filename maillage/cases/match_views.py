"""The coordinator's answer to a possible match with a person of another agency's situation,
once that agency's coordinator has been asked."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from maillage.accounts.acting import viewer_for
from maillage.cases import person_matching, selectors
from maillage.cases.forms import ResolveMatchForm
from maillage.cases.views import case_url


@require_POST
def match_resolve(request: HttpRequest, case_id: uuid.UUID, alert_id: uuid.UUID) -> HttpResponse:
    viewer = viewer_for(request)
    case = selectors.case_get(viewer=viewer, case_id=case_id)
    alert = person_matching.match_alerts(viewer=viewer, case=case).filter(pk=alert_id).first()
    if alert is None:
        raise Http404()
    form = ResolveMatchForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say whether it is the same person."))
        return redirect(case_url(case, "matches"))
    same_person = form.cleaned_data["same_person"]
    person_matching.resolve_alert(viewer=viewer, alert=alert, same_person=same_person)
    if same_person:
        message = _("Recorded: %(name)s is the same person as in the situation followed by %(agency)s.")
    else:
        message = _("Recorded: %(name)s is not the same person as in the situation followed by %(agency)s.")
    messages.success(request, message % {"name": alert.person, "agency": alert.other_agency.name})
    return redirect(case_url(case, "matches"))
