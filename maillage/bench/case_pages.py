"""Benchmark of the situation pages at a realistic volume (run by `make bench`, never by CI).

Creates BENCH_CASES situations (default 100,000) shared among 20 agencies with bulk inserts (the
data is not audited: it only exists for the measurement), then times, as a coordinator of one
agency (about 1 situation in 10 is theirs): the list, the list filtered by status, a name search
and the situation page. Prints p50 and p95 over BENCH_REQUESTS requests of each.

SQLite by default; PostgreSQL when DATABASE_URL is set.
"""

import os
import random
import statistics
import time
from datetime import date, timedelta

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "maillage.test_settings")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_databases, setup_test_environment, teardown_databases  # noqa: E402

CASES = int(os.environ.get("BENCH_CASES", "100000"))
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "100"))
AGENCIES = 20
BATCH = 5000


def populate(rng: random.Random) -> tuple[object, list[object]]:
    from maillage.accounts.models import Role
    from maillage.cases.models import Case, CasePerson, CaseStatus, Intake, IntakeChannel, Participation, Person
    from maillage.directory.models import AgencyKind
    from maillage.factories import AgencyFactory, MembershipFactory, give_totp
    from maillage.policy.compartments import default_compartments

    agencies = [AgencyFactory(kind=AgencyKind.VICTIM_SUPPORT) for _ in range(AGENCIES)]
    membership = MembershipFactory(agency=agencies[0], role=Role.COORDINATOR)
    give_totp(membership.user)
    compartments = sorted(default_compartments(AgencyKind.VICTIM_SUPPORT))
    statuses = list(CaseStatus.values)
    theirs = []
    for start in range(0, CASES, BATCH):
        size = min(BATCH, CASES - start)
        cases = Case.objects.bulk_create(
            [
                Case(
                    department_code="99",
                    status=rng.choice(statuses),
                    opened_by_agency=agencies[(start + i) % AGENCIES],
                    coordinator_agency=agencies[(start + i) % AGENCIES],
                )
                for i in range(size)
            ]
        )
        people = Person.objects.bulk_create(
            [
                Person(given_names=rng.choice(["Sofia", "Amina", "Julie"]), family_name=f"Nom{rng.randrange(50000)}")
                for _ in cases
            ]
        )
        Participation.objects.bulk_create(
            [
                Participation(case=case, agency=case.coordinator_agency, role="coordinator", compartments=compartments)
                for case in cases
            ]
        )
        CasePerson.objects.bulk_create(
            [CasePerson(case=case, person=person, role="victim") for case, person in zip(cases, people, strict=True)]
        )
        Intake.objects.bulk_create(
            [
                Intake(
                    case=case,
                    channel=IntakeChannel.COMPLAINT,
                    received_on=date(2026, 1, 1) + timedelta(days=rng.randrange(300)),
                    referring_agency=case.coordinator_agency,
                    first_facts="Faits.",
                    recorded_by=membership.user,
                )
                for case in cases
            ]
        )
        theirs += [case for case in cases if case.coordinator_agency_id == agencies[0].pk]
    return membership.user, theirs


def percentiles(client: Client, urls: list[str]) -> str:
    durations = []
    for url in urls:
        started = time.perf_counter()
        response = client.get(url)
        durations.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    durations.sort()
    p95 = durations[int(len(durations) * 0.95) - 1]
    return f"p50 {statistics.median(durations):6.1f} ms   p95 {p95:6.1f} ms"


def main() -> None:
    setup_test_environment()
    databases = setup_databases(verbosity=0, interactive=False)
    try:
        rng = random.Random(7)  # noqa: S311 - reproducible benchmark data
        started = time.perf_counter()
        user, theirs = populate(rng)
        print(f"database: {connection.vendor}; {CASES} situations created in {time.perf_counter() - started:.0f} s")
        print(f"the coordinator's agency takes part in {len(theirs)} of them")
        client = Client()
        client.force_login(user)
        client.get("/cases/")  # choose the only agency; warm up
        pages = {
            "list": ["/cases/"] * REQUESTS,
            "list, page 10": ["/cases/?page=10"] * REQUESTS,
            "list by status": ["/cases/?status=active"] * REQUESTS,
            "name search": [f"/cases/?q=Nom{rng.randrange(50000)}" for _ in range(REQUESTS)],
            "situation page": [f"/cases/{rng.choice(theirs).pk}/" for _ in range(REQUESTS)],
        }
        for label, urls in pages.items():
            print(f"  {label:<16} {percentiles(client, urls)}")
    finally:
        teardown_databases(databases, verbosity=0)


if __name__ == "__main__":
    main()
