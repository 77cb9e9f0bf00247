"""A user creates an API token on their account page, sees it once, and revokes it."""

import re

import pytest

from maillage.accounts.models import ApiToken, Role
from maillage.accounts.services import api_token_digest, create_api_token
from maillage.policy.viewer import Viewer

pytestmark = pytest.mark.django_db


def test_token_is_shown_once_stored_as_a_digest_and_works_until_revoked(client, make_member, login):
    user = make_member(Role.COORDINATOR)
    login(user)

    response = client.post("/account/me/tokens/", {"name": "Script de suivi", "valid_days": 30})

    secret = re.search(r'data-testid="api-token-secret">([^<]+)<', response.content.decode()).group(1)
    token = ApiToken.objects.get(user=user)
    assert token.digest == api_token_digest(secret)
    assert secret not in str(ApiToken.objects.filter(pk=token.pk).values().get())
    assert secret not in client.get("/account/me/").content.decode()
    assert client.get("/api/v1/me/", headers={"Authorization": f"Bearer {secret}"}).status_code == 200

    client.post(f"/account/me/tokens/{token.pk}/revoke/")

    assert client.get("/api/v1/me/", headers={"Authorization": f"Bearer {secret}"}).status_code == 401


def test_token_validity_is_bounded(client, make_member, login):
    login(make_member(Role.COORDINATOR))

    response = client.post("/account/me/tokens/", {"name": "Trop long", "valid_days": 5000}, follow=True)

    assert not ApiToken.objects.exists()
    assert "inférieure ou égale à 365" in response.content.decode()


def test_someone_elses_token_cannot_be_revoked(client, make_member, login):
    owner = make_member(Role.COORDINATOR)
    token, _ = create_api_token(
        viewer=Viewer(user=owner, agency=owner.memberships.get().agency), name="t", valid_days=1
    )
    login(make_member(Role.COORDINATOR))

    assert client.post(f"/account/me/tokens/{token.pk}/revoke/").status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_statistician_has_no_api_tokens(client, make_member, login):
    login(make_member(Role.STATISTICIAN, second_factor=False))

    assert client.post("/account/me/tokens/", {"name": "x", "valid_days": 1}).status_code == 403
    assert not ApiToken.objects.exists()
