"""API authentication as a client sees it: bearer tokens, the session, and what each refusal says.

With the bearer-token class first in DEFAULT_AUTHENTICATION_CLASSES, a call without usable
credentials answers 401 with `WWW-Authenticate: Bearer` (DRF answers 403 only when the first
class has no authenticate header, as SessionAuthentication has none). A caller who is known
but may not use the API (no active role, missing second factor) gets 403.
"""

from datetime import timedelta
from typing import Any

import pytest
from allauth.mfa.models import Authenticator
from django.test import Client
from django.utils import timezone

from maillage.accounts.acting import SESSION_KEY
from maillage.accounts.models import ApiToken, Membership, Role, User
from maillage.accounts.services import create_api_token, revoke_api_token
from maillage.directory.models import Agency
from maillage.factories import AgencyFactory, MembershipFactory
from maillage.policy.viewer import Viewer

ME = "/api/v1/me/"
AGENCIES = "/api/v1/agencies/"
INVALID_TOKEN = "Invalid, expired or revoked token."
MALFORMED = "Malformed authorisation header."
NOT_PROVIDED = "Authentication credentials were not provided."
SECRET_KEYS = {"digest", "secret", "prefix", "password", "totp_secret", "token"}

pytestmark = pytest.mark.django_db


@pytest.fixture
def client() -> Client:
    """Messages are compared in English; French is the default and is checked once below."""
    return Client(HTTP_ACCEPT_LANGUAGE="en")


def token_for(user: User, agency: Agency | None = None, *, valid_days: int = 30) -> tuple[ApiToken, str]:
    agency = agency or user.memberships.get().agency
    return create_api_token(viewer=Viewer(user=user, agency=agency), name="script", valid_days=valid_days)


def bearer(secret: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def all_keys(data: Any) -> set[str]:
    if isinstance(data, dict):
        return set(data) | {key for value in data.values() for key in all_keys(value)}
    if isinstance(data, list):
        return {key for item in data for key in all_keys(item)}
    return set()


def assert_401(response: Any, message: str) -> None:
    assert response.status_code == 401, response.content
    assert response["WWW-Authenticate"] == "Bearer"
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == {"detail": message}


# --- no credentials, bad credentials: 401 ----------------------------------------------------


@pytest.mark.parametrize("path", [ME, AGENCIES, f"{AGENCIES}00000000-0000-0000-0000-000000000000/"])
def test_no_credentials_is_401_with_bearer_challenge(client: Client, path: str) -> None:
    assert_401(client.get(path), NOT_PROVIDED)


def test_no_credentials_patch_is_401(client: Client) -> None:
    agency = AgencyFactory()
    response = client.patch(
        f"{AGENCIES}{agency.pk}/", {"version": 1, "name": "Pirate"}, content_type="application/json"
    )
    assert_401(response, NOT_PROVIDED)
    agency.refresh_from_db()
    assert agency.version == 1


def test_other_scheme_counts_as_no_credentials(client: Client) -> None:
    assert_401(client.get(ME, HTTP_AUTHORIZATION="Basic dXNlcjpwYXNz"), NOT_PROVIDED)


@pytest.mark.parametrize("header", ["Bearer", "Bearer ", "Bearer one two", "Bearer\tone two"])
def test_malformed_bearer_header_is_401(client: Client, header: str) -> None:
    assert_401(client.get(ME, HTTP_AUTHORIZATION=header), MALFORMED)


@pytest.mark.parametrize(
    "secret",
    [
        "deadbeef.not-the-secret",
        "no-dot-at-all",
        ".",
        "x" * 5000,
        "deadbeef.\x00nul",
        "d\u00e9j\u00e0.vu",
        "'OR'1'='1",
    ],
)
def test_unknown_token_is_401(client: Client, make_member: Any, secret: str) -> None:
    token_for(make_member(Role.AGENCY_ADMIN))  # a real token exists, but is not the one sent
    assert_401(client.get(ME, **bearer(secret)), INVALID_TOKEN)


def test_right_prefix_wrong_secret_is_401(client: Client, make_member: Any) -> None:
    _, secret = token_for(make_member(Role.AGENCY_ADMIN))
    prefix = secret.split(".", 1)[0]
    assert_401(client.get(ME, **bearer(f"{prefix}.guessed")), INVALID_TOKEN)


def test_expired_token_is_401(client: Client, make_member: Any) -> None:
    token, secret = token_for(make_member(Role.AGENCY_ADMIN))
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert_401(client.get(ME, **bearer(secret)), INVALID_TOKEN)


def test_revoked_token_is_401(client: Client, make_member: Any) -> None:
    user = make_member(Role.AGENCY_ADMIN)
    token, secret = token_for(user)
    assert client.get(ME, **bearer(secret)).status_code == 200
    revoke_api_token(viewer=Viewer(user=user, agency=token.agency), token=token)
    assert_401(client.get(ME, **bearer(secret)), INVALID_TOKEN)


def test_token_of_deactivated_user_is_401(client: Client, make_member: Any) -> None:
    user = make_member(Role.AGENCY_ADMIN)
    _, secret = token_for(user)
    User.objects.filter(pk=user.pk).update(is_active=False)
    assert_401(client.get(ME, **bearer(secret)), INVALID_TOKEN)


def test_refusals_are_translated(make_member: Any) -> None:
    french = Client(HTTP_ACCEPT_LANGUAGE="fr")
    assert french.get(ME, **bearer("deadbeef.wrong")).json() == {"detail": "Jeton invalide, expiré ou révoqué."}
    assert french.get(ME, HTTP_AUTHORIZATION="Bearer").json() == {"detail": "En-tête d’autorisation mal formé."}


def test_bearer_scheme_is_case_insensitive(client: Client, make_member: Any) -> None:
    """RFC 7235: the auth-scheme is case-insensitive."""
    _, secret = token_for(make_member(Role.AGENCY_ADMIN))
    for scheme in ("bearer", "BEARER"):
        assert client.get(ME, HTTP_AUTHORIZATION=f"{scheme} {secret}").status_code == 200


def test_bad_token_is_refused_even_with_a_valid_session(client: Client, make_member: Any, login: Any) -> None:
    user = make_member(Role.AGENCY_ADMIN)
    login(user)
    assert client.get(ME).status_code == 200
    assert_401(client.get(ME, **bearer("deadbeef.wrong")), INVALID_TOKEN)


# --- known caller without the right to use the API: 403 --------------------------------------


def test_token_after_membership_deactivated_is_403(client: Client, make_member: Any) -> None:
    user = make_member(Role.AGENCY_ADMIN)
    _, secret = token_for(user)
    Membership.objects.filter(user=user).update(is_active=False)
    for path in (ME, AGENCIES):
        response = client.get(path, **bearer(secret))
        assert response.status_code == 403, response.content
        assert "detail" in response.json()


def test_token_after_agency_deactivated_is_403(client: Client, make_member: Any) -> None:
    user = make_member(Role.AGENCY_ADMIN)
    token, secret = token_for(user)
    Agency.objects.filter(pk=token.agency_id).update(is_active=False)
    assert client.get(ME, **bearer(secret)).status_code == 403


def test_token_is_bound_to_its_agency_not_to_the_users_other_memberships(client: Client, make_member: Any) -> None:
    """Losing the role in the token's agency ends the token, even if the user is active elsewhere."""
    user = make_member(Role.AGENCY_ADMIN)
    token, secret = token_for(user)
    MembershipFactory(user=user, agency=AgencyFactory(), role=Role.PRACTITIONER)
    Membership.objects.filter(user=user, agency=token.agency).update(is_active=False)
    assert client.get(ME, **bearer(secret)).status_code == 403


def test_session_without_required_second_factor_is_403(client: Client, make_member: Any, login: Any) -> None:
    user = make_member(Role.PRACTITIONER, second_factor=False)
    login(user)
    response = client.get(ME)
    assert response.status_code == 403, response.content
    assert "second factor" in response.json()["detail"]
    assert client.get(AGENCIES).status_code == 403


def test_token_after_second_factor_removed_is_403(client: Client, make_member: Any) -> None:
    user = make_member(Role.AGENCY_ADMIN)
    _, secret = token_for(user)
    Authenticator.objects.filter(user=user).delete()
    assert client.get(ME, **bearer(secret)).status_code == 403


def test_statistician_needs_no_second_factor(client: Client, make_member: Any, login: Any) -> None:
    user = make_member(Role.STATISTICIAN, second_factor=False)
    login(user)
    response = client.get(ME)
    assert response.status_code == 200, response.content
    assert response.json()["roles"] == [Role.STATISTICIAN]


# --- who am I ---------------------------------------------------------------------------------


def test_me_with_token_acts_for_the_tokens_agency(client: Client, make_member: Any) -> None:
    user = make_member(Role.AGENCY_ADMIN)
    home = user.memberships.get().agency
    other = AgencyFactory(name="Autre agence")
    MembershipFactory(user=user, agency=other, role=Role.PRACTITIONER)
    MembershipFactory(user=user, agency=other, role=Role.COORDINATOR)

    _, secret = token_for(user, other)
    response = client.get(ME, **bearer(secret))
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["id"] == str(user.pk)
    assert body["email"] == user.email
    assert body["acting_agency_id"] == str(other.pk)
    assert body["roles"] == [Role.COORDINATOR, Role.PRACTITIONER]
    assert {(m["agency_id"], m["role"]) for m in body["memberships"]} == {
        (str(home.pk), Role.AGENCY_ADMIN),
        (str(other.pk), Role.PRACTITIONER),
        (str(other.pk), Role.COORDINATOR),
    }

    _, home_secret = token_for(user, home)
    body = client.get(ME, **bearer(home_secret)).json()
    assert body["acting_agency_id"] == str(home.pk)
    assert body["roles"] == [Role.AGENCY_ADMIN]


def test_me_with_session_acts_for_the_session_agency(client: Client, make_member: Any, login: Any) -> None:
    user = make_member(Role.AGENCY_ADMIN)
    home = user.memberships.get().agency
    other = AgencyFactory()
    MembershipFactory(user=user, agency=other, role=Role.READ_ONLY)
    login(user)

    # Two agencies and none chosen yet: no acting agency, so no API.
    assert client.get(ME).status_code == 403

    response = client.post("/account/agency/", {"agency": str(other.pk)})
    assert response.status_code == 302
    body = client.get(ME).json()
    assert body["acting_agency_id"] == str(other.pk)
    assert body["roles"] == [Role.READ_ONLY]

    client.post("/account/agency/", {"agency": str(home.pk)})
    body = client.get(ME).json()
    assert body["acting_agency_id"] == str(home.pk)
    assert body["roles"] == [Role.AGENCY_ADMIN]


def test_token_wins_over_session(client: Client, make_member: Any, login: Any) -> None:
    user = make_member(Role.AGENCY_ADMIN)
    other = AgencyFactory()
    MembershipFactory(user=user, agency=other, role=Role.PRACTITIONER)
    login(user)
    session = client.session
    session[SESSION_KEY] = str(user.memberships.get(role=Role.AGENCY_ADMIN).agency_id)
    session.save()
    _, secret = token_for(user, other)
    assert client.get(ME, **bearer(secret)).json()["acting_agency_id"] == str(other.pk)


def test_token_records_last_use(client: Client, make_member: Any) -> None:
    token, secret = token_for(make_member(Role.AGENCY_ADMIN))
    assert token.last_used_at is None
    client.get(ME, **bearer(secret))
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_responses_never_carry_secrets(client: Client, make_member: Any) -> None:
    user = make_member(Role.AGENCY_ADMIN)
    token, secret = token_for(user)
    for path in (ME, AGENCIES, f"{AGENCIES}{token.agency_id}/"):
        response = client.get(path, **bearer(secret))
        assert response.status_code == 200
        assert not all_keys(response.json()) & SECRET_KEYS
        text = response.content.decode()
        assert secret not in text
        assert token.digest not in text
        assert secret.split(".", 1)[1] not in text
