"""Test data factories (factory_boy)."""

import datetime
import importlib

import factory
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.apps import apps
from django.utils import timezone

from maillage.accounts.models import ApiToken, Membership, Role, User
from maillage.directory.models import Agency, AgencyKind, Capacity, MovePhase, Permanence, Service, Weekday

TEST_PASSWORD = "correct horse battery staple"


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency

    name = factory.Sequence(lambda n: f"Agence de test {n}")
    kind = AgencyKind.VICTIM_SUPPORT
    department_code = "99"
    municipality = "Bourg-Lavaur"


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Service

    agency = factory.SubFactory(AgencyFactory)
    name = factory.Sequence(lambda n: f"Service de test {n}")
    move_phase = MovePhase.SPECIALISED


class PermanenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Permanence

    service = factory.SubFactory(ServiceFactory)
    host_agency = factory.SubFactory(AgencyFactory, kind=AgencyKind.POLICE)
    weekday = Weekday.TUESDAY
    starts_at = datetime.time(9, 0)
    ends_at = datetime.time(12, 0)
    frequency = "chaque semaine"


class CapacityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Capacity

    service = factory.SubFactory(ServiceFactory, provides_shelter=True, agency__kind=AgencyKind.HOUSING)
    places_total = 12
    places_free = 3
    as_of = factory.LazyFunction(timezone.now)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.test")
    full_name = factory.Faker("name", locale="fr_FR")
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    agency = factory.SubFactory(AgencyFactory)
    role = Role.PRACTITIONER


def national_hotlines() -> None:
    """Load the national hotlines as their data migration does: a transactional test's flush empties the table."""
    migration = importlib.import_module("maillage.directory.migrations.0006_national_hotlines")
    migration.load_hotlines(apps, None)


def give_totp(user: User) -> str:
    """Enrol a TOTP second factor for `user`; returns the secret."""
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


__all__ = [
    "AgencyFactory",
    "ApiToken",
    "CapacityFactory",
    "MembershipFactory",
    "PermanenceFactory",
    "ServiceFactory",
    "UserFactory",
    "give_totp",
    "national_hotlines",
]


def open_case(viewer, **overrides):  # type: ignore[no-untyped-def]
    """Open a situation as `viewer` from a police complaint about Sofia and Karim (fictional)."""
    from datetime import date

    from maillage.cases.models import IntakeChannel
    from maillage.cases.services import PersonDetails, SignalDetails, open_case_from_signal

    signal = SignalDetails(
        channel=overrides.pop("channel", IntakeChannel.COMPLAINT),
        received_on=overrides.pop("received_on", date(2026, 11, 20)),
        referring_agency=overrides.pop("referring_agency", viewer.agency),
        first_facts=overrides.pop("first_facts", "Strangulation la nuit dernière devant l'enfant."),
        children=overrides.pop("children", ()),
        coordinator_agency=overrides.pop("coordinator_agency", None),
    )
    victim = overrides.pop("victim", PersonDetails("Sofia", "Martin", birth_date=date(1997, 3, 14)))
    perpetrator = overrides.pop("perpetrator", PersonDetails("Karim", "Benali", birth_date=date(1992, 6, 2)))
    return open_case_from_signal(viewer=viewer, signal=signal, victim=victim, perpetrator=perpetrator)
