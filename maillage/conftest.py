import time
from collections.abc import Callable

import pytest
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.test import Client

from maillage.accounts.models import Role, User
from maillage.directory.models import Agency, AgencyKind
from maillage.factories import TEST_PASSWORD, AgencyFactory, MembershipFactory, UserFactory, give_totp
from maillage.policy.viewer import Viewer


def current_totp(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // mfa_settings.TOTP_PERIOD))


@pytest.fixture
def make_member(db) -> Callable[..., User]:
    """A user with `role` in `agency` (or a new agency of `kind`), with a second factor by default."""

    def make(
        role: Role = Role.PRACTITIONER,
        *,
        agency: Agency | None = None,
        kind: AgencyKind = AgencyKind.VICTIM_SUPPORT,
        second_factor: bool = True,
    ) -> User:
        agency = agency or AgencyFactory(kind=kind)
        user = UserFactory()
        MembershipFactory(user=user, agency=agency, role=role)
        if second_factor:
            user.totp_secret = give_totp(user)  # type: ignore[attr-defined]
        return user

    return make


@pytest.fixture
def viewer_of() -> Callable[[User, Agency | None], Viewer]:
    return lambda user, agency: Viewer(user=user, agency=agency)


def log_in(client: Client, user: User) -> None:
    """Log `user` in through the real login and second-factor pages."""
    response = client.post("/accounts/login/", {"login": user.email, "password": TEST_PASSWORD})
    assert response.status_code == 302, response.content[:500]
    secret = getattr(user, "totp_secret", None)
    if secret:
        response = client.post("/accounts/2fa/authenticate/", {"code": current_totp(secret)})
        assert response.status_code == 302, response.content[:500]


@pytest.fixture
def login(client) -> Callable[[User], None]:
    """Log `user` in with the test's `client`."""
    return lambda user: log_in(client, user)


@pytest.fixture
def client_for() -> Callable[[Viewer], Client]:
    """One logged-in client per user, kept for the test (a second-factor code cannot be used twice)."""
    clients: dict[object, Client] = {}

    def open_for(viewer: Viewer) -> Client:
        assert viewer.user is not None
        if viewer.user.pk not in clients:
            clients[viewer.user.pk] = Client()
            log_in(clients[viewer.user.pk], viewer.user)
        return clients[viewer.user.pk]

    return open_for


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate limits and used second-factor codes live in the cache: no test inherits another's."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
