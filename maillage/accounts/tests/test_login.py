"""Logging in: password, second factor, lockout, session expiry — as a user experiences them."""

import pytest
from django.contrib.sessions.models import Session
from django.test import Client

from maillage.accounts.models import Membership, Role
from maillage.audit.models import AuditAction, AuditEvent
from maillage.conftest import current_totp
from maillage.factories import TEST_PASSWORD, AgencyFactory, MembershipFactory

pytestmark = pytest.mark.django_db


def post_login(client, email, password=TEST_PASSWORD):
    return client.post("/accounts/login/", {"login": email, "password": password})


def test_anonymous_visitor_is_sent_to_the_login_page(client):
    response = client.get("/directory/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/directory/")


def test_login_with_password_and_second_factor_opens_the_dashboard(client, make_member):
    user = make_member(Role.COORDINATOR)

    response = post_login(client, user.email)
    assert response["Location"] == "/accounts/2fa/authenticate/"
    assert client.get("/").status_code == 302, "no access before the second factor"

    response = client.post("/accounts/2fa/authenticate/", {"code": current_totp(user.totp_secret)}, follow=True)

    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == "/"
    assert AuditEvent.objects.filter(action=AuditAction.LOGIN, actor_id=user.pk).exists()


def test_wrong_password_is_refused_with_a_french_message_and_audited(client, make_member):
    user = make_member(Role.COORDINATOR)

    response = post_login(client, user.email, "wrong password")

    assert response.status_code == 200
    assert "incorrect" in response.content.decode()
    assert "_auth_user_id" not in client.session
    failure = AuditEvent.objects.get(action=AuditAction.LOGIN_FAILED)
    assert failure.actor_id == user.pk
    assert failure.reason == "password"


def test_failed_login_for_unknown_email_stores_a_digest_not_the_email(client):
    post_login(client, "nobody@example.test", "whatever password")

    failure = AuditEvent.objects.get(action=AuditAction.LOGIN_FAILED)
    assert failure.actor_id is None
    assert len(failure.actor_hint) == 64
    assert "nobody" not in str(AuditEvent.objects.filter(pk=failure.pk).values().get())


def test_wrong_second_factor_code_keeps_the_user_out(client, make_member):
    user = make_member(Role.COORDINATOR)
    post_login(client, user.email)
    wrong = "000000" if current_totp(user.totp_secret) != "000000" else "111111"

    response = client.post("/accounts/2fa/authenticate/", {"code": wrong})

    assert response.status_code == 200
    assert "Code incorrect" in response.content.decode()
    assert client.get("/").status_code == 302
    assert AuditEvent.objects.filter(action=AuditAction.LOGIN_FAILED, reason="second_factor").exists()


def test_second_factor_codes_cannot_be_guessed_endlessly(client, make_member):
    user = make_member(Role.COORDINATOR)
    post_login(client, user.email)
    right = current_totp(user.totp_secret)
    wrong = "000000" if right != "000000" else "111111"
    for _ in range(10):
        client.post("/accounts/2fa/authenticate/", {"code": wrong})

    response = client.post("/accounts/2fa/authenticate/", {"code": right})

    assert response.status_code == 200
    assert "Trop de tentatives" in response.content.decode()
    assert client.get("/").status_code == 302


def test_five_failures_lock_the_account_even_for_the_right_password(client, make_member):
    user = make_member(Role.COORDINATOR)
    for _ in range(5):
        post_login(client, user.email, "wrong password")

    response = post_login(client, user.email)

    assert response.status_code == 429
    assert "15 minutes" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(action=AuditAction.LOCKOUT).exists()


def test_lockout_of_one_account_does_not_lock_another(client, make_member):
    target = make_member(Role.COORDINATOR)
    colleague = make_member(Role.COORDINATOR)
    for _ in range(6):
        post_login(client, target.email, "wrong password")

    response = post_login(client, colleague.email)

    assert response.status_code == 302


def test_role_reading_personal_data_must_enrol_a_second_factor_first(client, make_member):
    user = make_member(Role.PRACTITIONER, second_factor=False)

    post_login(client, user.email)
    response = client.get("/directory/")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/2fa/totp/activate/"
    # allauth asks for the password again before any change of second factor.
    response = client.get("/accounts/2fa/totp/activate/")
    assert response["Location"].startswith("/accounts/reauthenticate/")
    client.post(response["Location"], {"password": TEST_PASSWORD})
    response = client.get("/accounts/2fa/totp/activate/")
    assert response.status_code == 200
    assert "data:image" in response.content.decode(), "the QR code to scan"


def test_statistician_needs_no_second_factor_but_sees_no_personal_data(client, make_member):
    user = make_member(Role.STATISTICIAN, second_factor=False)
    post_login(client, user.email)

    assert client.get("/").status_code == 200
    assert client.get("/account/team/").status_code == 403


def test_expired_session_sends_back_to_login_with_an_explanation(client, make_member, login):
    user = make_member(Role.COORDINATOR)
    login(user)
    Session.objects.all().delete()

    response = client.get("/directory/", follow=True)

    assert response.redirect_chain[0][0].startswith("/accounts/login/")
    assert "Votre session a expiré" in response.content.decode()


def test_user_with_several_agencies_chooses_the_acting_agency(client, make_member, login):
    user = make_member(Role.PRACTITIONER)
    second = MembershipFactory(user=user, agency=AgencyFactory(name="Service social Nord"), role=Role.COORDINATOR)
    login(user)

    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/account/agency/")

    response = client.post("/account/agency/", {"agency": str(second.agency.pk)}, follow=True)

    assert response.status_code == 200
    assert 'data-testid="acting-agency"' in response.content.decode()
    assert "Service social Nord" in response.content.decode()


def test_choosing_an_agency_one_does_not_belong_to_changes_nothing(client, make_member, login):
    user = make_member(Role.PRACTITIONER)
    MembershipFactory(user=user, role=Role.PRACTITIONER)
    foreign = AgencyFactory(name="Agence étrangère")
    login(user)

    response = client.post("/account/agency/", {"agency": str(foreign.pk)})

    assert response.status_code == 200
    assert "maillage_acting_agency" not in client.session


def test_ended_membership_closes_the_pages_at_once(client, make_member, login):
    user = make_member(Role.PRACTITIONER)
    login(user)
    assert client.get("/").status_code == 200

    Membership.objects.filter(user=user).update(is_active=False)

    response = client.get("/", follow=True)
    assert response.status_code == 403
    assert "rôle actif dans aucune structure" in response.content.decode()


def test_forged_csrf_token_is_refused_with_a_translated_page_and_changes_nothing(make_member):
    user = make_member(Role.AGENCY_ADMIN)
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)

    response = client.post(
        "/account/team/", {"full_name": "Intrus", "email": "intrus@example.test", "role": "agency_admin"}
    )

    assert response.status_code == 403
    assert "Formulaire expiré" in response.content.decode()
    assert not Membership.objects.filter(user__email="intrus@example.test").exists()


def test_logout_ends_the_session(client, make_member, login):
    user = make_member(Role.COORDINATOR)
    login(user)

    client.post("/accounts/logout/")

    assert client.get("/").status_code == 302
    assert AuditEvent.objects.filter(action=AuditAction.LOGOUT, actor_id=user.pk).exists()
