"""Who is asking: a user acting for one agency, with the roles they hold there."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from allauth.mfa.models import Authenticator

from maillage.accounts.models import ROLES_WITHOUT_PERSONAL_DATA, Membership, Role, User
from maillage.cases.models import Case, Participation
from maillage.directory.models import Agency
from maillage.policy.compartments import PERPETRATOR_FACING_KINDS, Compartment
from maillage.sharing.models import (
    PROTOCOL_COMPARTMENTS,
    Disclosure,
    DisclosureMode,
    Protocol,
    in_force,
    protocols_in_force,
)

SECOND_FACTOR_TYPES = (Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN)


@dataclass(eq=False)
class Viewer:
    user: User | None
    agency: Agency | None
    _roles: frozenset[Role] | None = field(default=None, repr=False)
    _participations: dict[object, Participation | None] = field(default_factory=dict, repr=False)
    _open_compartments: dict[object, frozenset[Compartment]] = field(default_factory=dict, repr=False)

    @cached_property
    def roles(self) -> frozenset[Role]:
        """Active roles in the acting agency; none if the agency or the user is inactive."""
        if self._roles is not None:
            return self._roles
        if not self.is_authenticated or self.agency is None or not self.agency.is_active:
            return frozenset()
        return frozenset(
            Role(role)
            for role in Membership.objects.filter(user=self.user, agency=self.agency, is_active=True).values_list(
                "role", flat=True
            )
        )

    @property
    def is_authenticated(self) -> bool:
        return self.user is not None and self.user.is_authenticated and self.user.is_active

    @cached_property
    def has_second_factor(self) -> bool:
        return (
            self.is_authenticated
            and Authenticator.objects.filter(user=self.user, type__in=SECOND_FACTOR_TYPES).exists()
        )

    @cached_property
    def needs_second_factor(self) -> bool:
        """True when any active role of the user, in any agency, reads personal data."""
        if not self.is_authenticated:
            return False
        roles = Membership.objects.filter(user=self.user, is_active=True).values_list("role", flat=True)
        return any(Role(role) not in ROLES_WITHOUT_PERSONAL_DATA for role in roles)

    def participation_in(self, case: Case) -> Participation | None:
        """The acting agency's current participation in `case`, looked up once per viewer."""
        if self.agency is None:
            return None
        if case.pk not in self._participations:
            self._participations[case.pk] = Participation.objects.filter(
                case=case, agency=self.agency, left_at__isnull=True
            ).first()
        return self._participations[case.pk]

    def open_compartments(self, case: Case) -> frozenset[Compartment]:
        """The compartments of `case` open to the acting agency, computed once per viewer.

        Its participation's defaults, plus the compartments opened to it by disclosures in force
        (not revoked; on consent, the consent not withdrawn; on a protocol, the protocol in force)
        made since it joined: a withdrawal, a revocation or the protocol's end closes them from
        that moment. Plus, for a partner (not a mere referrer), the compartments of the protocols
        in force today between its agency and the coordinating agency (never medical, see
        sharing.models.PROTOCOL_COMPARTMENTS): one more query, none when it coordinates.
        Victim-only is never open to a perpetrator-facing agency, whatever was recorded or agreed.
        """
        if case.pk in self._open_compartments:
            return self._open_compartments[case.pk]
        participation = self.participation_in(case)
        opened: set[str] = set()
        if participation is not None:
            opened.update(participation.compartments)
            disclosed = Disclosure.objects.filter(
                in_force(),
                case=case,
                recipient_agency=participation.agency_id,
                mode=DisclosureMode.OPEN_IN_FILE,
                disclosed_at__gte=participation.joined_at,
            ).values_list("compartments", flat=True)
            for compartments in disclosed:
                opened.update(compartments)
            is_partner = participation.role != Participation.Role.REFERRER
            if is_partner and case.coordinator_agency_id != participation.agency_id:
                agreed = (
                    Protocol.objects.filter(protocols_in_force(), parties=participation.agency_id)
                    .filter(parties=case.coordinator_agency_id)
                    .values_list("compartments", flat=True)
                )
                for compartments in agreed:
                    opened.update(PROTOCOL_COMPARTMENTS.intersection(compartments))
            if self.agency is not None and self.agency.kind in PERPETRATOR_FACING_KINDS:
                opened.discard(Compartment.VICTIM_ONLY)
        self._open_compartments[case.pk] = frozenset(Compartment(value) for value in opened)
        return self._open_compartments[case.pk]
