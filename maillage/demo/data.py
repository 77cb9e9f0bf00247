"""The fictional department of the demo: Val-de-Loing (99). Every name here is invented.

Phone numbers are in the ranges reserved for fiction (05 36 49 …), emails end in .test and websites
in .example, so that nothing here reaches a real person.
"""

from dataclasses import dataclass
from datetime import date, time

from maillage.accounts.models import Role
from maillage.directory.models import AgencyKind, MovePhase, Weekday

DEMO_DEPARTMENT = "99"
DEMO_PASSWORD = "Maillage-demo-2026!"

# Municipalities of Val-de-Loing and their postcodes.
POSTCODES = {
    "Bourg-Lavaur": "99000",
    "Montreval": "99100",
    "Saint-Aubin-sur-Loing": "99200",
    "Varenne-la-Forêt": "99300",
    "Castelbrune": "99400",
    "Les Aulnaies": "99500",
    "Pont-Sainte-Ode": "99600",
    "Roncières": "99700",
}
NORTH = "99100,99200,99600"
SOUTH = "99300,99400,99500,99700"


@dataclass(frozen=True)
class DemoAgency:
    name: str
    kind: AgencyKind
    municipality: str
    phone: str = ""
    email: str = ""
    reception_address: str = ""
    website: str = ""
    languages: str = "fr"
    accessibility: str = ""

    @property
    def postcode(self) -> str:
        return POSTCODES[self.municipality]


@dataclass(frozen=True)
class DemoService:
    agency: str
    name: str
    phase: MovePhase
    description: str = ""
    phone: str = ""
    email: str = ""
    opening_hours: str = ""
    languages: str = "fr"
    accessibility: str = ""
    covered_departments: str = ""
    covered_postcodes: str = ""
    covered_municipalities: str = ""
    provides_shelter: bool = False


@dataclass(frozen=True)
class DemoPermanence:
    agency: str
    service: str
    weekday: Weekday
    starts_at: time
    ends_at: time
    host: str = ""  # an agency of the directory
    place: str = ""  # or a place outside it
    frequency: str = "chaque semaine"


VICTIM_SUPPORT = "Association d'aide aux victimes du Val-de-Loing"
POLICE = "Commissariat de Bourg-Lavaur"
GENDARMERIE = "Brigade de gendarmerie de Montreval"
PROSECUTOR = "Parquet du tribunal judiciaire de Bourg-Lavaur"
CIDFF = "CIDFF du Val-de-Loing"
SOCIAL_NORTH = "Service social départemental — secteur Nord"
CRIP = "Cellule de recueil des informations préoccupantes (CRIP 99)"
UMJ = "Unité médico-judiciaire du centre hospitalier"
CMP = "Centre médico-psychologique de Montreval"
TILLEULS = "Foyer d'hébergement Les Tilleuls"
POINT_JUSTICE = "Point-justice de Bourg-Lavaur"
PERPETRATORS = "Programme de responsabilisation des auteurs du Val-de-Loing"
SPIP = "Service pénitentiaire d'insertion et de probation (SPIP 99)"
PREFECTURE = "Bureau des étrangers de la préfecture"
COLLEGE = "Collège Jean-Moulin — service médico-social"
INTERPRETERS = "Service d'interprétariat du Val-de-Loing"
CDPD = "Comité départemental de prévention de la délinquance (CDPD 99)"
ISCG = "Intervenants sociaux en commissariat et gendarmerie (ISCG 99)"
SOLIDARITE_FEMMES = "Solidarité Femmes Val-de-Loing"
ESCALE = "CHRS L'Escale"
HOSPITAL = "Centre hospitalier de Bourg-Lavaur — urgences"

# The first agency of each kind: the one the demo situations and users work with.
PRINCIPAL_AGENCIES = {
    AgencyKind.POLICE: POLICE,
    AgencyKind.GENDARMERIE: GENDARMERIE,
    AgencyKind.JUSTICE: PROSECUTOR,
    AgencyKind.VICTIM_SUPPORT: VICTIM_SUPPORT,
    AgencyKind.WOMENS_SERVICE: CIDFF,
    AgencyKind.SOCIAL_SERVICES: SOCIAL_NORTH,
    AgencyKind.CHILD_PROTECTION: CRIP,
    AgencyKind.HEALTH: UMJ,
    AgencyKind.MENTAL_HEALTH: CMP,
    AgencyKind.HOUSING: TILLEULS,
    AgencyKind.LEGAL_AID: POINT_JUSTICE,
    AgencyKind.PERPETRATOR_PROGRAMME: PERPETRATORS,
    AgencyKind.PROBATION: SPIP,
    AgencyKind.IMMIGRATION: PREFECTURE,
    AgencyKind.EDUCATION: COLLEGE,
    AgencyKind.INTERPRETER_SERVICE: INTERPRETERS,
    AgencyKind.GOVERNANCE: CDPD,
}

STEP_FREE = "Accès de plain-pied, toilettes adaptées"

AGENCIES = [
    # Police and gendarmerie
    DemoAgency(
        POLICE,
        AgencyKind.POLICE,
        "Bourg-Lavaur",
        "05 36 49 10 17",
        "commissariat@demo.maillage.test",
        "2 place de la République",
        accessibility=STEP_FREE,
    ),
    DemoAgency(
        "Commissariat de Castelbrune",
        AgencyKind.POLICE,
        "Castelbrune",
        "05 36 49 10 18",
        "commissariat-castelbrune@demo.maillage.test",
        "14 avenue de la Gare",
    ),
    DemoAgency(
        "Police municipale de Castelbrune",
        AgencyKind.POLICE,
        "Castelbrune",
        "05 36 49 10 19",
        "police-municipale@demo.maillage.test",
        "Hôtel de ville, 1 place du Marché",
    ),
    DemoAgency(
        GENDARMERIE,
        AgencyKind.GENDARMERIE,
        "Montreval",
        "05 36 49 11 17",
        "brigade-montreval@demo.maillage.test",
        "5 route de Pont-Sainte-Ode",
        accessibility=STEP_FREE,
    ),
    DemoAgency(
        "Brigade de gendarmerie de Varenne-la-Forêt",
        AgencyKind.GENDARMERIE,
        "Varenne-la-Forêt",
        "05 36 49 11 18",
        "brigade-varenne@demo.maillage.test",
        "8 rue des Chênes",
    ),
    DemoAgency(
        "Brigade de gendarmerie de Roncières",
        AgencyKind.GENDARMERIE,
        "Roncières",
        "05 36 49 11 19",
        "brigade-roncieres@demo.maillage.test",
        "1 rue de la Mairie",
    ),
    DemoAgency(
        "Maison de protection des familles du Val-de-Loing",
        AgencyKind.GENDARMERIE,
        "Bourg-Lavaur",
        "05 36 49 11 20",
        "mpf99@demo.maillage.test",
        languages="fr,en",
        accessibility=STEP_FREE,
    ),
    # Justice
    DemoAgency(
        PROSECUTOR,
        AgencyKind.JUSTICE,
        "Bourg-Lavaur",
        "05 36 49 12 00",
        "parquet@demo.maillage.test",
        "Palais de justice, 3 cours Lafayette",
        accessibility=STEP_FREE,
    ),
    DemoAgency(
        "Pôle famille du tribunal judiciaire de Bourg-Lavaur",
        AgencyKind.JUSTICE,
        "Bourg-Lavaur",
        "05 36 49 12 01",
        "jaf@demo.maillage.test",
        "Palais de justice, 3 cours Lafayette",
    ),
    DemoAgency(
        "Tribunal de proximité de Castelbrune",
        AgencyKind.JUSTICE,
        "Castelbrune",
        "05 36 49 12 02",
        "tribunal-castelbrune@demo.maillage.test",
        "10 rue du Présidial",
    ),
    # Victim support and women's specialist services
    DemoAgency(
        VICTIM_SUPPORT,
        AgencyKind.VICTIM_SUPPORT,
        "Bourg-Lavaur",
        "05 36 49 13 00",
        "accueil@aav99.demo.maillage.test",
        "12 rue des Tanneurs",
        "https://aav99.example",
        "fr,en,ar",
        STEP_FREE,
    ),
    DemoAgency(
        "Point d'accueil des victimes de Castelbrune",
        AgencyKind.VICTIM_SUPPORT,
        "Castelbrune",
        "05 36 49 13 01",
        "castelbrune@aav99.demo.maillage.test",
        "Maison des services, 4 rue Neuve",
        languages="fr,es",
    ),
    DemoAgency(
        CIDFF,
        AgencyKind.WOMENS_SERVICE,
        "Montreval",
        "05 36 49 14 00",
        "contact@cidff99.demo.maillage.test",
        "7 place du Foirail",
        "https://cidff99.example",
        "fr,en,pt",
        STEP_FREE,
    ),
    DemoAgency(
        SOLIDARITE_FEMMES,
        AgencyKind.WOMENS_SERVICE,
        "Bourg-Lavaur",
        "05 36 49 14 01",
        "contact@sf99.demo.maillage.test",
        "Accueil de jour, 21 rue Pasteur",
        "https://sf99.example",
        "fr,ar,tr",
    ),
    DemoAgency(
        "Planning familial du Val-de-Loing",
        AgencyKind.WOMENS_SERVICE,
        "Castelbrune",
        "05 36 49 14 02",
        "planning@demo.maillage.test",
        "3 rue des Écoles",
        languages="fr,en",
    ),
    DemoAgency(
        "Maison des femmes du centre hospitalier de Bourg-Lavaur",
        AgencyKind.WOMENS_SERVICE,
        "Bourg-Lavaur",
        "05 36 49 14 03",
        "maisondesfemmes@demo.maillage.test",
        "Centre hospitalier, bâtiment C",
        languages="fr,en,ar",
        accessibility=STEP_FREE,
    ),
    # Social services and child protection
    DemoAgency(
        SOCIAL_NORTH,
        AgencyKind.SOCIAL_SERVICES,
        "Saint-Aubin-sur-Loing",
        "05 36 49 15 00",
        "sds-nord@demo.maillage.test",
        "Maison départementale des solidarités, 2 rue du Pont",
    ),
    DemoAgency(
        "Service social départemental — secteur Sud",
        AgencyKind.SOCIAL_SERVICES,
        "Castelbrune",
        "05 36 49 15 01",
        "sds-sud@demo.maillage.test",
        "Maison départementale des solidarités, 9 rue Haute",
    ),
    DemoAgency(ISCG, AgencyKind.SOCIAL_SERVICES, "Bourg-Lavaur", "05 36 49 15 02", "iscg99@demo.maillage.test"),
    DemoAgency(
        "Centre communal d'action sociale de Bourg-Lavaur",
        AgencyKind.SOCIAL_SERVICES,
        "Bourg-Lavaur",
        "05 36 49 15 03",
        "ccas@bourg-lavaur.demo.maillage.test",
        "Hôtel de ville, place de la République",
    ),
    DemoAgency(
        "Centre communal d'action sociale de Montreval",
        AgencyKind.SOCIAL_SERVICES,
        "Montreval",
        "05 36 49 15 04",
        "ccas@montreval.demo.maillage.test",
        "Mairie, 1 place du Foirail",
    ),
    DemoAgency(CRIP, AgencyKind.CHILD_PROTECTION, "Bourg-Lavaur", "05 36 49 16 00", "crip99@demo.maillage.test"),
    DemoAgency(
        "Aide sociale à l'enfance — antenne de Montreval",
        AgencyKind.CHILD_PROTECTION,
        "Montreval",
        "05 36 49 16 01",
        "ase-montreval@demo.maillage.test",
        "12 rue du Moulin",
    ),
    DemoAgency(
        "Protection maternelle et infantile de Castelbrune",
        AgencyKind.CHILD_PROTECTION,
        "Castelbrune",
        "05 36 49 16 02",
        "pmi-castelbrune@demo.maillage.test",
        "Maison départementale des solidarités, 9 rue Haute",
        accessibility=STEP_FREE,
    ),
    # Health and mental health
    DemoAgency(
        UMJ,
        AgencyKind.HEALTH,
        "Bourg-Lavaur",
        "05 36 49 17 00",
        "umj@demo.maillage.test",
        "Centre hospitalier, bâtiment A",
        accessibility=STEP_FREE,
    ),
    DemoAgency(
        HOSPITAL,
        AgencyKind.HEALTH,
        "Bourg-Lavaur",
        "05 36 49 17 01",
        "urgences@demo.maillage.test",
        "Centre hospitalier, avenue des Tilleuls",
        languages="fr,en",
        accessibility=STEP_FREE,
    ),
    DemoAgency(
        "Maison de santé pluriprofessionnelle de Varenne-la-Forêt",
        AgencyKind.HEALTH,
        "Varenne-la-Forêt",
        "05 36 49 17 02",
        "msp-varenne@demo.maillage.test",
        "6 rue des Écoles",
    ),
    DemoAgency(
        "Centre hospitalier de Castelbrune — urgences",
        AgencyKind.HEALTH,
        "Castelbrune",
        "05 36 49 17 03",
        "urgences-castelbrune@demo.maillage.test",
        "1 boulevard Victor-Hugo",
    ),
    DemoAgency(
        CMP,
        AgencyKind.MENTAL_HEALTH,
        "Montreval",
        "05 36 49 18 00",
        "cmp-montreval@demo.maillage.test",
        "4 rue des Lilas",
    ),
    DemoAgency(
        "Centre médico-psychologique pour enfants et adolescents de Bourg-Lavaur",
        AgencyKind.MENTAL_HEALTH,
        "Bourg-Lavaur",
        "05 36 49 18 01",
        "cmpea@demo.maillage.test",
        "15 rue Gambetta",
    ),
    DemoAgency(
        "Centre de psychotraumatologie du Val-de-Loing",
        AgencyKind.MENTAL_HEALTH,
        "Bourg-Lavaur",
        "05 36 49 18 02",
        "psychotrauma@demo.maillage.test",
        "Centre hospitalier, bâtiment D",
        languages="fr,en,uk,ru",
    ),
    # Housing and shelter (no shelter address is ever published)
    DemoAgency(TILLEULS, AgencyKind.HOUSING, "Saint-Aubin-sur-Loing", "05 36 49 19 00", "tilleuls@demo.maillage.test"),
    DemoAgency(
        ESCALE, AgencyKind.HOUSING, "Bourg-Lavaur", "05 36 49 19 01", "escale@demo.maillage.test", languages="fr,en,ar"
    ),
    DemoAgency(
        "Service intégré d'accueil et d'orientation (SIAO 99)",
        AgencyKind.HOUSING,
        "Bourg-Lavaur",
        "05 36 49 19 02",
        "siao99@demo.maillage.test",
    ),
    DemoAgency(
        "Résidence Le Phare — logements temporaires",
        AgencyKind.HOUSING,
        "Castelbrune",
        "05 36 49 19 03",
        "lephare@demo.maillage.test",
    ),
    DemoAgency(
        "Toit Solidaire — hébergement citoyen",
        AgencyKind.HOUSING,
        "Montreval",
        "05 36 49 19 04",
        "toitsolidaire@demo.maillage.test",
        website="https://toit-solidaire.example",
    ),
    # Legal aid
    DemoAgency(
        POINT_JUSTICE,
        AgencyKind.LEGAL_AID,
        "Bourg-Lavaur",
        "05 36 49 20 00",
        "point-justice@demo.maillage.test",
        "Maison des services, 6 rue Carnot",
        accessibility=STEP_FREE,
    ),
    DemoAgency(
        "Maison de justice et du droit de Castelbrune",
        AgencyKind.LEGAL_AID,
        "Castelbrune",
        "05 36 49 20 01",
        "mjd-castelbrune@demo.maillage.test",
        "2 rue du Présidial",
    ),
    DemoAgency(
        "Barreau du Val-de-Loing — permanence des victimes",
        AgencyKind.LEGAL_AID,
        "Bourg-Lavaur",
        "05 36 49 20 02",
        "barreau@demo.maillage.test",
        "Maison de l'avocat, 5 cours Lafayette",
    ),
    # Perpetrator programmes and probation
    DemoAgency(
        PERPETRATORS,
        AgencyKind.PERPETRATOR_PROGRAMME,
        "Montreval",
        "05 36 49 21 00",
        "auteurs@demo.maillage.test",
        "18 rue des Forges",
    ),
    DemoAgency(
        "Centre de prise en charge des auteurs de violences conjugales (CPCA Val-de-Loing)",
        AgencyKind.PERPETRATOR_PROGRAMME,
        "Bourg-Lavaur",
        "05 36 49 21 01",
        "cpca99@demo.maillage.test",
        "40 avenue de Verdun",
        languages="fr,ar",
    ),
    DemoAgency(
        SPIP,
        AgencyKind.PROBATION,
        "Bourg-Lavaur",
        "05 36 49 22 00",
        "spip99@demo.maillage.test",
        "9 rue de la Citadelle",
    ),
    DemoAgency(
        "Service de contrôle judiciaire et d'enquêtes (SCJE 99)",
        AgencyKind.PROBATION,
        "Bourg-Lavaur",
        "05 36 49 22 01",
        "scje99@demo.maillage.test",
        "9 rue de la Citadelle",
    ),
    # Immigration, education, interpreting
    DemoAgency(
        PREFECTURE,
        AgencyKind.IMMIGRATION,
        "Bourg-Lavaur",
        "05 36 49 23 00",
        "etrangers@demo.maillage.test",
        "Préfecture, 1 rue de la Préfecture",
        accessibility=STEP_FREE,
    ),
    DemoAgency(
        "Délégation de l'OFII du Val-de-Loing",
        AgencyKind.IMMIGRATION,
        "Bourg-Lavaur",
        "05 36 49 23 01",
        "ofii99@demo.maillage.test",
        "Cité administrative, bâtiment B",
        languages="fr,en,ar,ps,fa",
    ),
    DemoAgency(
        COLLEGE,
        AgencyKind.EDUCATION,
        "Saint-Aubin-sur-Loing",
        "05 36 49 24 00",
        "college-jean-moulin@demo.maillage.test",
    ),
    DemoAgency(
        "Service de santé scolaire de la direction académique",
        AgencyKind.EDUCATION,
        "Bourg-Lavaur",
        "05 36 49 24 01",
        "sante-scolaire@demo.maillage.test",
    ),
    DemoAgency(
        INTERPRETERS,
        AgencyKind.INTERPRETER_SERVICE,
        "Bourg-Lavaur",
        "05 36 49 25 00",
        "interpretes@demo.maillage.test",
        languages="fr,en,ar,ber,tr,ru,uk,ps,fa,ta,ro,fsl",
    ),
    DemoAgency(
        "Passerelles — médiation interculturelle",
        AgencyKind.INTERPRETER_SERVICE,
        "Castelbrune",
        "05 36 49 25 01",
        "passerelles@demo.maillage.test",
        languages="fr,wo,bm,ln,so,ti",
    ),
    # Governance bodies
    DemoAgency(CDPD, AgencyKind.GOVERNANCE, "Bourg-Lavaur", "05 36 49 26 00", "cdpd99@demo.maillage.test"),
    DemoAgency(
        "Conseil local de sécurité et de prévention de la délinquance de Bourg-Lavaur",
        AgencyKind.GOVERNANCE,
        "Bourg-Lavaur",
        "05 36 49 26 01",
        "clspd@demo.maillage.test",
    ),
    DemoAgency(
        "Conseil intercommunal de sécurité et de prévention de la délinquance du Pays de Loing",
        AgencyKind.GOVERNANCE,
        "Castelbrune",
        "05 36 49 26 02",
        "cispd@demo.maillage.test",
    ),
]

WEEKDAYS_9_TO_5 = "du lundi au vendredi, 9 h – 17 h"

SERVICES = [
    DemoService(
        POLICE,
        "Accueil des victimes et dépôt de plainte",
        MovePhase.FIRST_LINE,
        "Plaintes et mains courantes, 24 h/24. Enquêtrices formées aux violences conjugales.",
        opening_hours="24 h/24",
        covered_postcodes="99000",
    ),
    DemoService(
        "Commissariat de Castelbrune",
        "Accueil des victimes et dépôt de plainte",
        MovePhase.FIRST_LINE,
        opening_hours="24 h/24",
        covered_postcodes="99400",
    ),
    DemoService(
        "Police municipale de Castelbrune",
        "Patrouilles et accueil du public",
        MovePhase.FIRST_LINE,
        opening_hours="du lundi au samedi, 7 h – 22 h",
        covered_municipalities="Castelbrune",
    ),
    DemoService(
        GENDARMERIE,
        "Accueil des victimes et dépôt de plainte",
        MovePhase.FIRST_LINE,
        opening_hours="24 h/24",
        covered_postcodes=NORTH,
    ),
    DemoService(
        "Brigade de gendarmerie de Varenne-la-Forêt",
        "Accueil des victimes et dépôt de plainte",
        MovePhase.FIRST_LINE,
        opening_hours="du lundi au samedi, 8 h – 19 h",
        covered_postcodes="99300",
    ),
    DemoService(
        "Brigade de gendarmerie de Roncières",
        "Accueil des victimes et dépôt de plainte",
        MovePhase.FIRST_LINE,
        opening_hours="du lundi au samedi, 8 h – 19 h",
        covered_postcodes="99500,99700",
    ),
    DemoService(
        "Maison de protection des familles du Val-de-Loing",
        "Audition des victimes vulnérables",
        MovePhase.FIRST_LINE,
        "Auditions en salle adaptée, accompagnement des victimes et des enfants.",
        languages="fr,en",
        covered_departments="99",
    ),
    DemoService(
        PROSECUTOR,
        "Traitement en temps réel des violences intrafamiliales",
        MovePhase.FIRST_LINE,
        "Permanence du parquet, ordonnances de protection, téléphones grave danger, bracelets anti-rapprochement.",
        covered_departments="99",
    ),
    DemoService(
        "Pôle famille du tribunal judiciaire de Bourg-Lavaur",
        "Juge aux affaires familiales",
        MovePhase.FIRST_LINE,
        "Ordonnances de protection (décision sous six jours).",
        covered_departments="99",
    ),
    DemoService(
        "Tribunal de proximité de Castelbrune",
        "Greffe et accueil du public",
        MovePhase.FIRST_LINE,
        opening_hours=WEEKDAYS_9_TO_5,
        covered_postcodes=SOUTH,
    ),
    DemoService(
        VICTIM_SUPPORT,
        "Accompagnement des victimes",
        MovePhase.SPECIALISED,
        "Écoute, information sur les droits, accompagnement juridique et psychologique tout au long de la "
        "procédure ; évaluation personnalisée des victimes (EVVI).",
        "05 36 49 13 00",
        opening_hours=WEEKDAYS_9_TO_5,
        languages="fr,en,ar",
        covered_departments="99",
    ),
    DemoService(
        VICTIM_SUPPORT,
        "Bureau d'aide aux victimes du tribunal",
        MovePhase.SPECIALISED,
        "Accueil des victimes au palais de justice, avant et après l'audience.",
        covered_departments="99",
    ),
    DemoService(
        VICTIM_SUPPORT,
        "Coordination des situations de violences conjugales",
        MovePhase.SPECIALISED,
        "Coordination des partenaires autour des situations complexes, préparation des cellules de concertation.",
        covered_departments="99",
    ),
    DemoService(
        "Point d'accueil des victimes de Castelbrune",
        "Accueil et orientation des victimes",
        MovePhase.SPECIALISED,
        opening_hours="mardi et jeudi, 9 h – 17 h",
        languages="fr,es",
        covered_postcodes=SOUTH,
    ),
    DemoService(
        CIDFF,
        "Information juridique",
        MovePhase.SPECIALISED,
        "Droits des femmes et des familles : séparation, autorité parentale, ordonnance de protection.",
        opening_hours=WEEKDAYS_9_TO_5,
        languages="fr,en,pt",
        covered_departments="99",
    ),
    DemoService(CIDFF, "Accompagnement vers l'emploi", MovePhase.SECONDARY, covered_departments="99"),
    DemoService(
        SOLIDARITE_FEMMES,
        "Accueil de jour",
        MovePhase.SPECIALISED,
        "Accueil sans rendez-vous des femmes victimes de violences et de leurs enfants.",
        opening_hours="du lundi au vendredi, 9 h 30 – 17 h",
        languages="fr,ar,tr",
        covered_departments="99",
    ),
    DemoService(
        SOLIDARITE_FEMMES,
        "Mise à l'abri des femmes victimes de violences",
        MovePhase.SPECIALISED,
        "Places d'hébergement d'urgence à adresse confidentielle, accompagnement social.",
        opening_hours="24 h/24 par le 115 ou l'accueil de jour",
        languages="fr,ar,tr",
        covered_departments="99",
        provides_shelter=True,
    ),
    DemoService(
        "Planning familial du Val-de-Loing",
        "Consultations et écoute",
        MovePhase.SECONDARY,
        opening_hours="lundi, mercredi et vendredi, 10 h – 18 h",
        languages="fr,en",
        covered_departments="99",
    ),
    DemoService(
        "Maison des femmes du centre hospitalier de Bourg-Lavaur",
        "Consultations pour femmes victimes",
        MovePhase.SPECIALISED,
        "Soins, constat, plainte possible sur place avec la police, soutien psychologique.",
        opening_hours=WEEKDAYS_9_TO_5,
        languages="fr,en,ar",
        covered_departments="99",
    ),
    DemoService(
        SOCIAL_NORTH,
        "Accompagnement social",
        MovePhase.FIRST_LINE,
        opening_hours=WEEKDAYS_9_TO_5,
        covered_postcodes=NORTH,
    ),
    DemoService(
        "Service social départemental — secteur Sud",
        "Accompagnement social",
        MovePhase.FIRST_LINE,
        opening_hours=WEEKDAYS_9_TO_5,
        covered_postcodes=SOUTH,
    ),
    DemoService(
        ISCG,
        "Intervention sociale en commissariat et gendarmerie",
        MovePhase.FIRST_LINE,
        "Prend contact avec les victimes après une plainte ou une main courante, évalue les besoins et "
        "oriente vers les partenaires.",
        covered_departments="99",
    ),
    DemoService(
        "Centre communal d'action sociale de Bourg-Lavaur",
        "Aides d'urgence et domiciliation",
        MovePhase.SECONDARY,
        opening_hours=WEEKDAYS_9_TO_5,
        covered_postcodes="99000",
    ),
    DemoService(
        "Centre communal d'action sociale de Montreval",
        "Aides d'urgence",
        MovePhase.SECONDARY,
        opening_hours="lundi, mardi et jeudi, 9 h – 12 h",
        covered_postcodes="99100",
    ),
    DemoService(
        CRIP,
        "Recueil des informations préoccupantes",
        MovePhase.SECONDARY,
        "Reçoit et évalue les informations préoccupantes concernant des enfants en danger.",
        covered_departments="99",
    ),
    DemoService(
        "Aide sociale à l'enfance — antenne de Montreval",
        "Protection de l'enfance",
        MovePhase.SECONDARY,
        covered_postcodes=NORTH,
    ),
    DemoService(
        "Protection maternelle et infantile de Castelbrune",
        "Consultations de PMI",
        MovePhase.FIRST_LINE,
        opening_hours="mardi et vendredi, 9 h – 12 h",
        covered_postcodes=SOUTH,
    ),
    DemoService(
        UMJ,
        "Consultations médico-légales",
        MovePhase.FIRST_LINE,
        "Examens et certificats sur réquisition ou à la demande de la victime.",
        opening_hours="24 h/24 sur réquisition",
        covered_departments="99",
    ),
    DemoService(
        HOSPITAL, "Urgences", MovePhase.FIRST_LINE, opening_hours="24 h/24", languages="fr,en", covered_departments="99"
    ),
    DemoService(
        "Maison de santé pluriprofessionnelle de Varenne-la-Forêt",
        "Médecine générale",
        MovePhase.FIRST_LINE,
        opening_hours="du lundi au samedi, 8 h – 19 h",
        covered_postcodes="99300,99700",
    ),
    DemoService(
        "Centre hospitalier de Castelbrune — urgences",
        "Urgences",
        MovePhase.FIRST_LINE,
        opening_hours="24 h/24",
        covered_postcodes=SOUTH,
    ),
    DemoService(
        CMP, "Consultations adultes", MovePhase.SECONDARY, opening_hours=WEEKDAYS_9_TO_5, covered_postcodes=NORTH
    ),
    DemoService(
        "Centre médico-psychologique pour enfants et adolescents de Bourg-Lavaur",
        "Consultations enfants exposés aux violences",
        MovePhase.SECONDARY,
        covered_departments="99",
    ),
    DemoService(
        "Centre de psychotraumatologie du Val-de-Loing",
        "Soins du psychotraumatisme",
        MovePhase.SPECIALISED,
        languages="fr,en,uk,ru",
        covered_departments="99",
    ),
    DemoService(
        TILLEULS,
        "Hébergement d'urgence pour femmes et enfants",
        MovePhase.SECONDARY,
        "Mise à l'abri immédiate, adresse confidentielle, accompagnement social.",
        opening_hours="24 h/24",
        covered_departments="99",
        provides_shelter=True,
    ),
    DemoService(
        ESCALE,
        "Centre d'hébergement et de réinsertion sociale",
        MovePhase.SECONDARY,
        "Hébergement et accompagnement vers le logement, places réservées aux victimes de violences.",
        languages="fr,en,ar",
        covered_departments="99",
        provides_shelter=True,
    ),
    DemoService(
        "Service intégré d'accueil et d'orientation (SIAO 99)",
        "Orientation vers l'hébergement (115)",
        MovePhase.FIRST_LINE,
        "Régule les demandes d'hébergement d'urgence du département.",
        "115",
        opening_hours="24 h/24",
        covered_departments="99",
    ),
    DemoService(
        "Résidence Le Phare — logements temporaires",
        "Logements temporaires",
        MovePhase.SECONDARY,
        covered_departments="99",
        provides_shelter=True,
    ),
    DemoService(
        "Toit Solidaire — hébergement citoyen",
        "Hébergement chez des particuliers",
        MovePhase.SECONDARY,
        "Familles hébergeuses bénévoles, encadrées par l'association.",
        covered_departments="99",
        provides_shelter=True,
    ),
    DemoService(
        POINT_JUSTICE,
        "Consultations juridiques gratuites",
        MovePhase.SECONDARY,
        opening_hours=WEEKDAYS_9_TO_5,
        covered_departments="99",
    ),
    DemoService(
        "Maison de justice et du droit de Castelbrune",
        "Accès au droit",
        MovePhase.SECONDARY,
        opening_hours="du lundi au jeudi, 9 h – 17 h",
        covered_postcodes=SOUTH,
    ),
    DemoService(
        "Barreau du Val-de-Loing — permanence des victimes",
        "Avocat pour les victimes",
        MovePhase.SECONDARY,
        "Assistance d'un avocat, aide juridictionnelle.",
        covered_departments="99",
    ),
    DemoService(
        PERPETRATORS,
        "Stage de responsabilisation",
        MovePhase.SPECIALISED,
        "Stages sur décision judiciaire, groupes de parole.",
        covered_departments="99",
    ),
    DemoService(
        "Centre de prise en charge des auteurs de violences conjugales (CPCA Val-de-Loing)",
        "Suivi des auteurs",
        MovePhase.SPECIALISED,
        "Suivi individuel et collectif, hébergement d'éviction possible.",
        languages="fr,ar",
        covered_departments="99",
    ),
    DemoService(SPIP, "Suivi des mesures de probation", MovePhase.SECONDARY, covered_departments="99"),
    DemoService(
        "Service de contrôle judiciaire et d'enquêtes (SCJE 99)",
        "Contrôle judiciaire",
        MovePhase.SECONDARY,
        covered_departments="99",
    ),
    DemoService(
        PREFECTURE,
        "Titres de séjour des victimes de violences",
        MovePhase.FIRST_LINE,
        "Délivrance et renouvellement des titres de séjour des victimes protégées.",
        covered_departments="99",
    ),
    DemoService(
        "Délégation de l'OFII du Val-de-Loing",
        "Accueil des personnes primo-arrivantes",
        MovePhase.FIRST_LINE,
        languages="fr,en,ar,ps,fa",
        covered_departments="99",
    ),
    DemoService(
        COLLEGE,
        "Infirmerie et assistante sociale scolaire",
        MovePhase.FIRST_LINE,
        covered_municipalities="Saint-Aubin-sur-Loing",
    ),
    DemoService(
        "Service de santé scolaire de la direction académique",
        "Santé et service social en faveur des élèves",
        MovePhase.FIRST_LINE,
        covered_departments="99",
    ),
    DemoService(
        INTERPRETERS,
        "Interprétariat par téléphone et sur place",
        MovePhase.SECONDARY,
        "Interprètes professionnels, jamais un proche : réservation 48 h à l'avance, urgence par téléphone.",
        opening_hours="7 j/7, 8 h – 20 h",
        languages="fr,en,ar,ber,tr,ru,uk,ps,fa,ta,ro,fsl",
        covered_departments="99",
    ),
    DemoService(
        "Passerelles — médiation interculturelle",
        "Médiation interculturelle",
        MovePhase.SECONDARY,
        languages="fr,wo,bm,ln,so,ti",
        covered_departments="99",
    ),
]

SUPPORT = "Accompagnement des victimes"
PERMANENCES = [
    DemoPermanence(VICTIM_SUPPORT, SUPPORT, Weekday.TUESDAY, time(9), time(12), host=POLICE),
    DemoPermanence(
        VICTIM_SUPPORT,
        SUPPORT,
        Weekday.THURSDAY,
        time(14),
        time(17),
        host=GENDARMERIE,
        frequency="2e et 4e jeudis du mois",
    ),
    DemoPermanence(VICTIM_SUPPORT, SUPPORT, Weekday.FRIDAY, time(9), time(12), host="Commissariat de Castelbrune"),
    DemoPermanence(
        VICTIM_SUPPORT, "Bureau d'aide aux victimes du tribunal", Weekday.MONDAY, time(9), time(12, 30), host=PROSECUTOR
    ),
    DemoPermanence(
        VICTIM_SUPPORT,
        "Bureau d'aide aux victimes du tribunal",
        Weekday.WEDNESDAY,
        time(13, 30),
        time(17),
        host=PROSECUTOR,
    ),
    DemoPermanence(
        ISCG, "Intervention sociale en commissariat et gendarmerie", Weekday.MONDAY, time(9), time(17), host=GENDARMERIE
    ),
    DemoPermanence(
        ISCG, "Intervention sociale en commissariat et gendarmerie", Weekday.WEDNESDAY, time(9), time(17), host=POLICE
    ),
    DemoPermanence(
        ISCG,
        "Intervention sociale en commissariat et gendarmerie",
        Weekday.THURSDAY,
        time(9),
        time(12),
        host="Brigade de gendarmerie de Varenne-la-Forêt",
    ),
    DemoPermanence(
        ISCG,
        "Intervention sociale en commissariat et gendarmerie",
        Weekday.FRIDAY,
        time(14),
        time(17),
        host="Brigade de gendarmerie de Roncières",
    ),
    DemoPermanence(CIDFF, "Information juridique", Weekday.TUESDAY, time(14), time(17), host=POINT_JUSTICE),
    DemoPermanence(
        CIDFF,
        "Information juridique",
        Weekday.FRIDAY,
        time(9),
        time(12),
        place="Mairie de Roncières",
        frequency="1er vendredi du mois",
    ),
    DemoPermanence(
        SOLIDARITE_FEMMES,
        "Accueil de jour",
        Weekday.WEDNESDAY,
        time(14),
        time(17),
        host="Maison de santé pluriprofessionnelle de Varenne-la-Forêt",
    ),
    DemoPermanence(
        SOLIDARITE_FEMMES,
        "Accueil de jour",
        Weekday.THURSDAY,
        time(9, 30),
        time(12, 30),
        host="Centre communal d'action sociale de Montreval",
    ),
    DemoPermanence(
        "Centre de psychotraumatologie du Val-de-Loing",
        "Soins du psychotraumatisme",
        Weekday.FRIDAY,
        time(9),
        time(12),
        host="Maison de protection des familles du Val-de-Loing",
    ),
    DemoPermanence(
        "Barreau du Val-de-Loing — permanence des victimes",
        "Avocat pour les victimes",
        Weekday.SATURDAY,
        time(9),
        time(12),
        host=POINT_JUSTICE,
    ),
    DemoPermanence(
        "Centre de prise en charge des auteurs de violences conjugales (CPCA Val-de-Loing)",
        "Suivi des auteurs",
        Weekday.TUESDAY,
        time(14),
        time(17),
        host=SPIP,
    ),
    DemoPermanence(
        "Point d'accueil des victimes de Castelbrune",
        "Accueil et orientation des victimes",
        Weekday.WEDNESDAY,
        time(9),
        time(12),
        place="Maison France Services des Aulnaies",
        frequency="chaque semaine, hors vacances scolaires",
    ),
]

# Governance: the departmental council and the partnership protocols of Val-de-Loing (invented).
CDPD_BODY = "Conseil départemental de prévention de la délinquance du Val-de-Loing"


@dataclass(frozen=True)
class DemoGovernanceBody:
    name: str
    kind: str  # maillage.sharing.models.GovernanceBodyKind
    agency: str
    members: tuple[tuple[str, str], ...]  # (agency, GovernanceRole)


@dataclass(frozen=True)
class DemoProtocol:
    reference: str
    title: str
    parties: tuple[str, ...]
    signed_on: date
    starts_on: date
    ends_on: date | None
    signatories: str
    purposes: tuple[str, ...]  # SharingPurpose values
    compartments: tuple[str, ...]  # Compartment values
    document_reference: str
    body: str = ""


GOVERNANCE_BODIES = [
    DemoGovernanceBody(
        CDPD_BODY,
        "cdpd",
        CDPD,
        (
            (PROSECUTOR, "vice_chair"),
            (CDPD, "secretariat"),
            (POLICE, "member"),
            (GENDARMERIE, "member"),
            (VICTIM_SUPPORT, "member"),
            (SOCIAL_NORTH, "member"),
            (CIDFF, "member"),
            (SOLIDARITE_FEMMES, "member"),
            (SPIP, "member"),
            (CRIP, "member"),
        ),
    ),
]

PROTOCOLS = [
    DemoProtocol(
        "PROT-99-2025-01",
        "Protocole départemental de traitement des violences conjugales",
        (POLICE, GENDARMERIE, PROSECUTOR, VICTIM_SUPPORT, SOCIAL_NORTH),
        signed_on=date(2024, 11, 25),
        starts_on=date(2025, 1, 1),
        ends_on=None,
        signatories=(
            "Mme Hélène Vasseur, préfète du Val-de-Loing\n"
            "M. Olivier Garnier, procureur de la République près le tribunal judiciaire de Bourg-Lavaur\n"
            "M. Didier Lemoine, président du conseil départemental\n"
            "Mme Catherine Roussel, présidente de l'association d'aide aux victimes du Val-de-Loing"
        ),
        purposes=("referral", "marac", "named_agency"),
        compartments=("judicial", "psychosocial"),
        document_reference="Préfecture du Val-de-Loing, registre des conventions n° 2024-311",
        body=CDPD_BODY,
    ),
    DemoProtocol(
        "PROT-99-2021-04",
        "Convention relative aux intervenants sociaux en commissariat et gendarmerie 2021-2024",
        (POLICE, GENDARMERIE, ISCG, SOCIAL_NORTH),
        signed_on=date(2021, 3, 15),
        starts_on=date(2021, 4, 1),
        ends_on=date(2024, 12, 31),
        signatories=(
            "M. Jean-Pierre Aubry, préfet du Val-de-Loing\n"
            "M. Didier Lemoine, président du conseil départemental\n"
            "Le directeur départemental de la sécurité publique\n"
            "Le commandant du groupement de gendarmerie départementale"
        ),
        purposes=("referral", "named_agency"),
        compartments=("psychosocial", "children"),
        document_reference="Préfecture du Val-de-Loing, registre des conventions n° 2021-087",
        body=CDPD_BODY,
    ),
]

# (agency, service, free places, places in all)
CAPACITIES = [
    (TILLEULS, "Hébergement d'urgence pour femmes et enfants", 2, 12),
    (ESCALE, "Centre d'hébergement et de réinsertion sociale", 4, 30),
    (SOLIDARITE_FEMMES, "Mise à l'abri des femmes victimes de violences", 1, 8),
    ("Résidence Le Phare — logements temporaires", "Logements temporaires", 0, 15),
    ("Toit Solidaire — hébergement citoyen", "Hébergement chez des particuliers", 3, 6),
]

# (email, full name, [(agency name, role), ...])
USERS = [
    ("admin@demo.maillage.test", "Alice Administratrice", [(VICTIM_SUPPORT, Role.AGENCY_ADMIN)]),
    ("coordinatrice@demo.maillage.test", "Claire Coordinatrice", [(VICTIM_SUPPORT, Role.COORDINATOR)]),
    (
        "iscg@demo.maillage.test",
        "Inès Intervenante-sociale",
        [(POLICE, Role.PRACTITIONER), (SOCIAL_NORTH, Role.PRACTITIONER)],
    ),
    ("policier@demo.maillage.test", "Paul Policier", [(POLICE, Role.PRACTITIONER), (POLICE, Role.AGENCY_ADMIN)]),
    ("medecin@demo.maillage.test", "Marc Médecin", [(UMJ, Role.READ_ONLY)]),
    ("parquet@demo.maillage.test", "Pauline Procureure", [(PROSECUTOR, Role.MARAC_CHAIR)]),
    ("dpo@demo.maillage.test", "Damien Délégué-protection-données", [(VICTIM_SUPPORT, Role.DATA_PROTECTION_OFFICER)]),
    ("statisticienne@demo.maillage.test", "Sophie Statisticienne", [(CDPD, Role.STATISTICIAN)]),
    ("auteurs@demo.maillage.test", "Antoine Animateur", [(PERPETRATORS, Role.PRACTITIONER)]),
    # Declares the shelter's free places.
    ("hebergement@demo.maillage.test", "Hélène Hébergement", [(TILLEULS, Role.PRACTITIONER)]),
    # Maintains the departmental directory (import of spreadsheets).
    ("cdpd@demo.maillage.test", "Gérard Gouvernance", [(CDPD, Role.AGENCY_ADMIN)]),
]

# Interpreters and cultural mediators of the register (maillage.interpreters), all invented:
# (full name, kind, languages, interpreter service or None if independent, phone, communities)
PASSERELLES = "Passerelles — médiation interculturelle"
INTERPRETER_REGISTER = [
    ("Aylin Demir", "interpreter", "tr,fr", INTERPRETERS, "05 36 49 25 10", "communauté turque de Bourg-Lavaur"),
    ("Nadia Haddad", "interpreter", "ar,ber,fr", INTERPRETERS, "05 36 49 25 11", ""),
    ("Oksana Melnyk", "interpreter", "uk,ru,fr", None, "05 36 49 25 12", "association ukrainienne du Val-de-Loing"),
    ("Awa Traoré", "cultural_mediator", "bm,wo,fr", PASSERELLES, "05 36 49 25 13", ""),
    ("Hasan Yılmaz", "cultural_mediator", "tr,fr", PASSERELLES, "05 36 49 25 14", "communauté turque de Montreval"),
]
