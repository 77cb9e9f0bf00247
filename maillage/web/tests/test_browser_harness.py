"""The browser harness itself: it must catch what it claims to catch, or green runs mean nothing."""

import pytest
from playwright.sync_api import Page

from maillage.web.tests.conftest import assert_accessible, assert_no_csp_violation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_axe_violations_fail_the_test(page: Page) -> None:
    page.goto("/accounts/login/")
    assert_accessible(page)
    page.locator("main").evaluate(
        """main => {
            const field = document.createElement('input');
            field.type = 'text';
            field.id = 'unlabelled-field';
            main.append(field);
        }"""
    )

    with pytest.raises(pytest.fail.Exception, match=r"(?s)\[critical\] label: .*#unlabelled-field"):
        assert_accessible(page)


def test_content_security_policy_refusals_fail_the_test(page: Page) -> None:
    page.goto("/accounts/login/")
    assert_no_csp_violation(page)
    page.locator("main").evaluate(
        """main => {
            const script = document.createElement('script');
            script.textContent = 'document.title = "inline script ran"';
            main.append(script);
            const style = document.createElement('style');
            style.textContent = 'main { display: none; }';
            main.append(style);
        }"""
    )

    with pytest.raises(pytest.fail.Exception, match=r"(?s)Content-Security-Policy violations.*script.*style"):
        assert_no_csp_violation(page)
    assert page.title() != "inline script ran"
    assert page.locator("main").is_visible()
