"""The fictional department of the demo: Val-de-Loing (99). Every name here is invented."""

from maillage.accounts.models import Role
from maillage.directory.models import AgencyKind

DEMO_DEPARTMENT = "99"
DEMO_PASSWORD = "Maillage-demo-2026!"

# (name, kind, municipality)
AGENCIES = [
    ("Commissariat de Bourg-Lavaur", AgencyKind.POLICE, "Bourg-Lavaur"),
    ("Brigade de gendarmerie de Montreval", AgencyKind.GENDARMERIE, "Montreval"),
    ("Parquet du tribunal judiciaire de Bourg-Lavaur", AgencyKind.JUSTICE, "Bourg-Lavaur"),
    ("Association d'aide aux victimes du Val-de-Loing", AgencyKind.VICTIM_SUPPORT, "Bourg-Lavaur"),
    ("CIDFF du Val-de-Loing", AgencyKind.WOMENS_SERVICE, "Montreval"),
    ("Service social départemental — secteur Nord", AgencyKind.SOCIAL_SERVICES, "Saint-Aubin-sur-Loing"),
    ("Cellule de recueil des informations préoccupantes (CRIP 99)", AgencyKind.CHILD_PROTECTION, "Bourg-Lavaur"),
    ("Unité médico-judiciaire du centre hospitalier", AgencyKind.HEALTH, "Bourg-Lavaur"),
    ("Centre médico-psychologique de Montreval", AgencyKind.MENTAL_HEALTH, "Montreval"),
    ("Foyer d'hébergement Les Tilleuls", AgencyKind.HOUSING, "Saint-Aubin-sur-Loing"),
    ("Point-justice de Bourg-Lavaur", AgencyKind.LEGAL_AID, "Bourg-Lavaur"),
    ("Programme de responsabilisation des auteurs du Val-de-Loing", AgencyKind.PERPETRATOR_PROGRAMME, "Montreval"),
    ("Service pénitentiaire d'insertion et de probation (SPIP 99)", AgencyKind.PROBATION, "Bourg-Lavaur"),
    ("Bureau des étrangers de la préfecture", AgencyKind.IMMIGRATION, "Bourg-Lavaur"),
    ("Collège Jean-Moulin — service médico-social", AgencyKind.EDUCATION, "Saint-Aubin-sur-Loing"),
    ("Service d'interprétariat du Val-de-Loing", AgencyKind.INTERPRETER_SERVICE, "Bourg-Lavaur"),
    ("Comité départemental de prévention de la délinquance (CDPD 99)", AgencyKind.GOVERNANCE, "Bourg-Lavaur"),
]

VICTIM_SUPPORT = "Association d'aide aux victimes du Val-de-Loing"
POLICE = "Commissariat de Bourg-Lavaur"

# (email, full name, [(agency name, role), ...])
USERS = [
    ("admin@demo.maillage.test", "Alice Administratrice", [(VICTIM_SUPPORT, Role.AGENCY_ADMIN)]),
    ("coordinatrice@demo.maillage.test", "Claire Coordinatrice", [(VICTIM_SUPPORT, Role.COORDINATOR)]),
    (
        "iscg@demo.maillage.test",
        "Inès Intervenante-sociale",
        [(POLICE, Role.PRACTITIONER), ("Service social départemental — secteur Nord", Role.PRACTITIONER)],
    ),
    ("policier@demo.maillage.test", "Paul Policier", [(POLICE, Role.PRACTITIONER), (POLICE, Role.AGENCY_ADMIN)]),
    ("medecin@demo.maillage.test", "Marc Médecin", [("Unité médico-judiciaire du centre hospitalier", Role.READ_ONLY)]),
    (
        "parquet@demo.maillage.test",
        "Pauline Procureure",
        [("Parquet du tribunal judiciaire de Bourg-Lavaur", Role.MARAC_CHAIR)],
    ),
    ("dpo@demo.maillage.test", "Damien Délégué-protection-données", [(VICTIM_SUPPORT, Role.DATA_PROTECTION_OFFICER)]),
    (
        "statisticienne@demo.maillage.test",
        "Sophie Statisticienne",
        [("Comité départemental de prévention de la délinquance (CDPD 99)", Role.STATISTICIAN)],
    ),
    (
        "auteurs@demo.maillage.test",
        "Antoine Animateur",
        [("Programme de responsabilisation des auteurs du Val-de-Loing", Role.PRACTITIONER)],
    ),
]
