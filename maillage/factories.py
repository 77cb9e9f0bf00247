"""Test data factories (factory_boy)."""

import factory
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from maillage.accounts.models import ApiToken, Membership, Role, User
from maillage.directory.models import Agency, AgencyKind

TEST_PASSWORD = "correct horse battery staple"


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency

    name = factory.Sequence(lambda n: f"Agence de test {n}")
    kind = AgencyKind.VICTIM_SUPPORT
    department_code = "99"
    municipality = "Bourg-Lavaur"


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


def give_totp(user: User) -> str:
    """Enrol a TOTP second factor for `user`; returns the secret."""
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


__all__ = ["AgencyFactory", "ApiToken", "MembershipFactory", "UserFactory", "give_totp"]


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
