"""Browser tests: a real Chromium driven by Playwright against pytest-django's live server.

Every page a test visits can be checked with `assert_accessible(page)` (axe-core, serious and
critical violations fail the test). Any Content-Security-Policy refusal logged by the browser
fails the test too, and a failing test leaves a screenshot in test-artifacts/.
"""

import importlib
import os
import re
import weakref
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from django.db.models.signals import post_migrate

if TYPE_CHECKING:
    from playwright.sync_api import Browser, ConsoleMessage, Page

# Playwright's sync API keeps an asyncio event loop running in the test thread; without this,
# Django refuses ORM calls made from that thread (fixtures, factories, the test itself).
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts"
BLOCKING_IMPACTS = ("serious", "critical")
CSP_MARKERS = ("Content Security Policy", "Content-Security-Policy", "Refused to")


@dataclass
class ConsoleLog:
    """What the browser said while a test's page was open."""

    csp_errors: list[str] = field(default_factory=list)
    reported: int = 0  # how many csp_errors were already turned into a failure


_LOGS: "weakref.WeakKeyDictionary[Page, ConsoleLog]" = weakref.WeakKeyDictionary()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[pytest.TestReport]:
    """Keep each phase's report on the item, so that fixtures can tell whether the test failed."""
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


# --- The audit trail against the transactional flush ---------------------------------------
# Browser tests run against a live server, so they are transactional: the database is emptied by
# a flush after each test. The audit trail refuses DELETE and TRUNCATE through database triggers,
# which makes that flush fail. The triggers are lifted after the test, just before the flush, and
# put back (with the chain head row, which the flush empties too) by the post_migrate signal that
# the flush sends when it is done, still on the test database.
_LIFTED_ON: set[str] = set()


def _audit_triggers(using: str, *, install: bool) -> None:
    from django.apps import apps
    from django.db import connections

    migration = importlib.import_module("maillage.audit.migrations.0002_append_only")
    with connections[using].schema_editor() as schema_editor:
        if install:
            migration.install_triggers(apps, schema_editor)
            migration.create_head(apps, schema_editor)
        else:
            migration.remove_triggers(apps, schema_editor)


def _restore_audit_triggers(sender: Any, using: str = "default", **kwargs: Any) -> None:
    if using in _LIFTED_ON:
        _LIFTED_ON.discard(using)
        _audit_triggers(using, install=True)


post_migrate.connect(_restore_audit_triggers, dispatch_uid="maillage.web.tests.restore_audit_triggers")


@pytest.fixture
def audit_trail_flushable(transactional_db: None) -> Iterator[None]:
    """Let the transactional test database be flushed after the test despite the audit triggers."""
    for using in list(_LIFTED_ON):  # a flush that never happened: the triggers must be there for this test
        _restore_audit_triggers(None, using=using)
    yield
    _audit_triggers("default", install=False)
    _LIFTED_ON.add("default")


@pytest.fixture(scope="session")
def browser() -> "Iterator[Browser]":
    if not CHROMIUM.exists():
        pytest.skip(f"browser tests need Chromium at {CHROMIUM}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(
    browser: "Browser", live_server: Any, audit_trail_flushable: None, request: pytest.FixtureRequest
) -> "Iterator[Page]":
    """A fresh page (own context: no cookies, no cache) pointed at the live server, in French."""
    context = browser.new_context(base_url=live_server.url, locale="fr-FR", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    page = context.new_page()
    log = ConsoleLog()
    _LOGS[page] = log

    def on_console(message: "ConsoleMessage") -> None:
        if message.type in {"error", "warning"} and any(marker in message.text for marker in CSP_MARKERS):
            log.csp_errors.append(f"{message.location.get('url') or page.url}: {message.text}")

    page.on("console", on_console)
    try:
        yield page
        _drain_events(page)
        failed = any(
            getattr(getattr(request.node, f"report_{when}", None), "failed", False) for when in ("setup", "call")
        )
        unreported = log.csp_errors[log.reported :]
        if failed or unreported:
            _screenshot(page, request.node.nodeid)
        if unreported:
            if failed:  # the test already failed: show the refusals without a second failure
                print(_csp_message(unreported))
            else:
                pytest.fail(_csp_message(unreported), pytrace=False)
    finally:
        context.close()


def _drain_events(page: "Page") -> None:
    """Give late console messages a moment to arrive and be handled."""
    if not page.is_closed():
        page.wait_for_timeout(50)


def _screenshot(page: "Page", nodeid: str) -> None:
    if page.is_closed():
        return
    ARTIFACTS.mkdir(exist_ok=True)
    name = re.sub(r"[^A-Za-z0-9_.-]+", "_", nodeid).strip("_")
    path = ARTIFACTS / f"{name}.png"
    try:
        page.screenshot(path=str(path), full_page=True)
    except Exception as error:  # noqa: BLE001 - a screenshot must never hide the real failure
        print(f"could not save a screenshot to {path}: {error}")
    else:
        print(f"screenshot saved to {path}")


def _csp_message(errors: list[str]) -> str:
    return "Content-Security-Policy violations in the browser:\n" + "\n".join(f"  - {e}" for e in errors)


def assert_no_csp_violation(page: "Page") -> None:
    """Fail if the browser refused anything because of the Content-Security-Policy so far."""
    log = _LOGS.get(page)
    if log is None:
        return
    _drain_events(page)
    new = log.csp_errors[log.reported :]
    if new:
        log.reported = len(log.csp_errors)
        pytest.fail(_csp_message(new), pytrace=False)


def assert_accessible(page: "Page") -> None:
    """Run axe-core on the current page; fail listing serious and critical violations.

    Also fails on Content-Security-Policy refusals logged so far.
    """
    from axe_playwright_python.sync_playwright import Axe

    page.wait_for_load_state("load")
    assert_no_csp_violation(page)
    results = Axe().run(page)
    assert_no_csp_violation(page)  # injecting axe must not itself trip the policy
    violations = [v for v in results.response["violations"] if v.get("impact") in BLOCKING_IMPACTS]
    if violations:
        lines = [f"{len(violations)} serious or critical accessibility violation(s) on {page.url}:"]
        for violation in violations:
            lines.append(f"  - [{violation['impact']}] {violation['id']}: {violation['help']} ({violation['helpUrl']})")
            for node in violation["nodes"]:
                target = " ".join(str(part) for part in node["target"])
                summary = "; ".join(line.strip() for line in node.get("failureSummary", "").splitlines()[1:])
                lines.append(f"      at {target}: {node['html'][:200]}")
                if summary:
                    lines.append(f"        {summary}")
        pytest.fail("\n".join(lines), pytrace=False)
