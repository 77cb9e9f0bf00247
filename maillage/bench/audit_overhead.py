"""Benchmarks of the audit trail (run by `make bench`, never by CI).

1. The time of one audited request (the team page, which writes a read entry) against the same
   request with the audit writer switched off.
2. Appends per second, and verification speed in entries per second, over a trail of
   BENCH_AUDIT_ROWS entries (default 100,000), to extrapolate to tens of millions.

Runs on a throw-away test database: SQLite by default, PostgreSQL when DATABASE_URL is set.
"""

import os
import statistics
import time
from unittest import mock

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "maillage.test_settings")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_databases, setup_test_environment, teardown_databases  # noqa: E402

REQUESTS = int(os.environ.get("BENCH_REQUESTS", "300"))
AUDIT_ROWS = int(os.environ.get("BENCH_AUDIT_ROWS", "100000"))


def timed_request(client: Client, url: str) -> float:
    started = time.perf_counter()
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return time.perf_counter() - started


def request_overhead() -> None:
    from maillage.accounts.models import Membership, Role
    from maillage.factories import MembershipFactory, give_totp

    membership = MembershipFactory(role=Role.AGENCY_ADMIN)
    give_totp(membership.user)
    for _ in range(20):
        MembershipFactory(agency=membership.agency)
    client = Client()
    client.force_login(membership.user)
    for _ in range(20):  # warm-up
        timed_request(client, "/account/team/")

    # Interleaved, so that drift of the machine affects both series alike.
    audited, unaudited = [], []
    silent_audit = mock.patch("maillage.accounts.selectors.record_event")
    for _ in range(REQUESTS):
        audited.append(timed_request(client, "/account/team/"))
        with silent_audit:
            unaudited.append(timed_request(client, "/account/team/"))
    median_on, median_off = statistics.median(audited), statistics.median(unaudited)
    print(f"team page, {REQUESTS} requests each, {Membership.objects.count()} memberships:")
    print(f"  median with audit    {median_on * 1000:7.2f} ms")
    print(f"  median without audit {median_off * 1000:7.2f} ms")
    print(f"  audit overhead       {(median_on - median_off) * 1000:7.2f} ms per request")


def trail_speed() -> None:
    from maillage.audit.models import AuditAction
    from maillage.audit.services import record_event
    from maillage.audit.verify import verify_trail

    started = time.perf_counter()
    for index in range(AUDIT_ROWS):
        record_event(AuditAction.VIEW, object_type="bench.case", object_id=str(index), fields=["address"])
    appended = time.perf_counter() - started
    print(f"appended {AUDIT_ROWS} entries at {AUDIT_ROWS / appended:,.0f} entries/s (one writer)")

    started = time.perf_counter()
    result = verify_trail()
    verified = time.perf_counter() - started
    assert result.intact
    rate = result.entries_checked / verified
    print(f"verified {result.entries_checked} entries at {rate:,.0f} entries/s")
    print(f"  → 10 million entries would verify in about {10_000_000 / rate / 60:.0f} min (one core)")


def main() -> None:
    setup_test_environment()
    databases = setup_databases(verbosity=0, interactive=False)
    try:
        print(f"database: {connection.vendor}")
        request_overhead()
        trail_speed()
    finally:
        teardown_databases(databases, verbosity=0)


if __name__ == "__main__":
    main()
