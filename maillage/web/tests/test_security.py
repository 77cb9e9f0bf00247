"""Security headers, production settings, health probe and calm error pages."""

import os
import subprocess
import sys
from pathlib import Path
from unittest import mock

import pytest
from django.db import DatabaseError
from django.test import override_settings

from maillage.accounts.models import Role

pytestmark = pytest.mark.django_db
PROJECT_ROOT = Path(__file__).resolve().parents[3]


def test_pages_carry_a_strict_content_security_policy_and_frame_denial(client):
    response = client.get("/accounts/login/")

    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "style-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_pages_have_no_inline_script_or_style(client, make_member, login):
    login(make_member(Role.AGENCY_ADMIN))
    for url in ["/", "/directory/", "/account/me/", "/account/team/", "/accounts/login/"]:
        content = client.get(url).content.decode()
        assert "<script>" not in content and "style=" not in content and "<style" not in content, url


def test_situation_pages_have_no_inline_script_or_style(client, make_member, login):
    from maillage.cases.services import add_note
    from maillage.directory.models import AgencyKind
    from maillage.factories import open_case
    from maillage.policy.compartments import Compartment
    from maillage.policy.viewer import Viewer

    officer = make_member(Role.COORDINATOR, kind=AgencyKind.POLICE)
    viewer = Viewer(user=officer, agency=officer.memberships.get().agency)
    case = open_case(viewer)
    note = add_note(viewer=viewer, case=case, compartment=Compartment.GENERAL, body="Audition faite.")
    login(officer)
    for url in [
        "/cases/",
        "/cases/new/",
        f"/cases/{case.pk}/",
        f"/cases/{case.pk}/contact/",
        f"/cases/{case.pk}/notes/{note.pk}/edit/",
    ]:
        content = client.get(url).content.decode()
        assert "<script>" not in content and "style=" not in content and "<style" not in content, url


@override_settings(SECURE_HSTS_SECONDS=63072000, SECURE_SSL_REDIRECT=True, SESSION_COOKIE_SECURE=True)
def test_https_responses_carry_hsts_and_http_is_redirected(client):
    assert client.get("/accounts/login/").status_code == 301
    response = client.get("/accounts/login/", secure=True)

    assert response["Strict-Transport-Security"].startswith("max-age=63072000")


def test_production_settings_pass_django_deploy_checks():
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("MAILLAGE_", "DJANGO_")) and key != "DATABASE_URL"
    }
    env.update(
        MAILLAGE_SECRET_KEY="a-long-random-production-secret-" + "x7Kq9" * 10,
        MAILLAGE_ALLOWED_HOSTS="maillage.example.org",
        MAILLAGE_VAR_DIR=str(PROJECT_ROOT / "var" / "deploy-check"),
        DJANGO_SETTINGS_MODULE="maillage.settings",
    )

    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = {key: value for key, value in os.environ.items() if not key.startswith(("MAILLAGE_", "DJANGO_"))}
    env["DJANGO_SETTINGS_MODULE"] = "maillage.settings"

    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, check=False
    )

    assert result.returncode != 0
    assert "MAILLAGE_SECRET_KEY must be set" in result.stderr


def test_healthz_answers_ok_when_the_database_answers(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.content == b"ok"


def test_healthz_answers_503_when_the_database_is_down(client):
    with mock.patch("maillage.web.views.connection.cursor", side_effect=DatabaseError("down")):
        response = client.get("/healthz")

    assert response.status_code == 503


def test_unknown_page_is_a_french_404(client, make_member, login):
    login(make_member(Role.PRACTITIONER))

    response = client.get("/nowhere/")

    assert response.status_code == 404
    assert "Page introuvable" in response.content.decode()


def test_unexpected_error_shows_a_calm_page_without_details(client, make_member, login):
    login(make_member(Role.PRACTITIONER))
    client.raise_request_exception = False

    with mock.patch("maillage.web.views.own_recent_sign_ins", side_effect=RuntimeError("secret detail 12 rue X")):
        response = client.get("/")

    assert response.status_code == 500
    content = response.content.decode()
    assert "secret detail" not in content
    assert "Une erreur" in content or "Un problème" in content or "erreur" in content.lower()


def test_responses_carry_a_request_id(client):
    response = client.get("/healthz", headers={"X-Request-ID": "abc12345-ok"})
    assert response["X-Request-ID"] == "abc12345-ok"

    forged = client.get("/healthz", headers={"X-Request-ID": "bad id\nwith newline"})
    assert forged["X-Request-ID"] != "bad id\nwith newline"
