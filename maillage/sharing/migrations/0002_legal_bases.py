"""The legal bases for sharing without consent, as data in French and English.

Sources checked (consolidated texts as quoted by the sources below, November 2026):
- Code pénal, art. 226-13 (professional secrecy) and art. 226-14 1°, 2° and 3°; the 3° was added by
  loi n° 2020-936 du 30 juillet 2020 visant à protéger les victimes de violences conjugales
  (Légifrance; text of art. 226-14 as amended quoted by secretpro.fr, "article 226-14", and the
  Ministry of Justice's "Secret médical et violences au sein du couple — vade-mecum de la réforme
  de l'article 226-14 du code pénal", 2020, with the HAS and the Conseil national de l'Ordre des
  médecins).
- Code de l'action sociale et des familles, art. L. 226-2-1 (information préoccupante to the
  département's CRIP) and L. 226-2-2 (sharing of secret information between professionals of
  child protection) (Légifrance; quoted by secretpro.fr and the ministry's CRIP guide).
- Code de procédure pénale, art. 60-1 and 77-1-1 (requisitions during a flagrante delicto or a
  preliminary investigation; professions of art. 56-1 to 56-5, doctors among them, hand over
  information only with their agreement) and art. 99-3 (requisitions by the investigating judge).

Reversible: going back removes these bases only if no disclosure refers to them (PROTECT).
Existing rows with the same code are left as they are (an administrator may have corrected them).
"""

from django.db import migrations

LEGAL_BASES = [
    {
        "code": "child_in_danger",
        "label_fr": "Enfant en danger ou en risque de l'être",
        "label_en": "Child in danger or at risk of being so",
        "reference_fr": "Code pénal, art. 226-14, 1° ; code de l'action sociale et des familles, art. L. 226-2-1 "
        "et L. 226-2-2",
        "reference_en": "Criminal Code (code pénal), art. 226-14 1°; Social Action and Families Code (code de "
        "l'action sociale et des familles), art. L. 226-2-1 and L. 226-2-2",
        "conditions_fr": "Informer les autorités judiciaires, médicales ou administratives de privations ou de "
        "sévices infligés à un mineur (226-14, 1°) ; transmettre sans délai une information préoccupante à la "
        "cellule départementale (CRIP) (L. 226-2-1) ; entre professionnels soumis au secret qui mettent en "
        "œuvre la protection de l'enfance ou y concourent, partager les seules informations nécessaires pour "
        "évaluer la situation et décider des actions de protection (L. 226-2-2). Les parents et l'enfant, selon "
        "son âge, en sont informés, sauf si c'est contraire à l'intérêt de l'enfant.",
        "conditions_en": "Informing the judicial, medical or administrative authorities of deprivation or abuse "
        "inflicted on a minor (226-14 1°); passing a concern about a child without delay to the département's "
        "child-protection unit (CRIP) (L. 226-2-1); between professionals bound by secrecy who carry out or "
        "contribute to child protection, sharing only what is needed to assess the situation and decide on "
        "protective action (L. 226-2-2). The parents, and the child according to age, are told, unless this is "
        "against the child's interest.",
        "discloser_kinds": [],
    },
    {
        "code": "danger_to_life",
        "label_fr": "Danger immédiat pour la vie d'une victime sous emprise (signalement d'un professionnel de "
        "santé)",
        "label_en": "Immediate danger to the life of a victim under the perpetrator's hold (report by a health "
        "professional)",
        "reference_fr": "Code pénal, art. 226-14, 3°, issu de la loi n° 2020-936 du 30 juillet 2020 visant à "
        "protéger les victimes de violences conjugales",
        "reference_en": "Criminal Code (code pénal), art. 226-14 3°, added by Act no. 2020-936 of 30 July 2020 "
        "to protect victims of domestic violence",
        "conditions_fr": "Le médecin ou tout autre professionnel de santé peut porter à la connaissance du "
        "procureur de la République, sans l'accord de la victime majeure, des violences au sein du couple "
        "lorsqu'il estime en conscience qu'elles mettent sa vie en danger immédiat et qu'elle n'est pas en "
        "mesure de se protéger en raison de l'emprise exercée par l'auteur. Il doit s'efforcer d'obtenir son "
        "accord et, à défaut, l'informer du signalement.",
        "conditions_en": "A doctor or any other health professional may inform the public prosecutor, without "
        "the adult victim's agreement, of violence within the couple when they judge in conscience that it "
        "puts her life in immediate danger and that she cannot protect herself because of the hold the "
        "perpetrator has over her. They must try to obtain her agreement and, failing that, tell her of the "
        "report.",
        "discloser_kinds": ["health", "mental_health"],
    },
    {
        "code": "court_order",
        "label_fr": "Décision de justice",
        "label_en": "Court order",
        "reference_fr": "Décision d'un juge ordonnant la communication ; réquisitions du juge d'instruction "
        "(code de procédure pénale, art. 99-3) ; code pénal, art. 226-14, premier alinéa (révélation imposée "
        "ou autorisée par la loi)",
        "reference_en": "A judge's decision ordering the information to be given; requisitions by the "
        "investigating judge (Code of Criminal Procedure, art. 99-3); Criminal Code, art. 226-14, first "
        "paragraph (disclosure required or allowed by law)",
        "conditions_fr": "Citer la décision dans la justification : juridiction, date, référence, et ce "
        "qu'elle ordonne de communiquer. Ne communiquer que ce qu'elle vise.",
        "conditions_en": "Cite the decision in the justification: court, date, reference, and what it orders "
        "to be given. Give only what it covers.",
        "discloser_kinds": [],
    },
    {
        "code": "prosecutor_request",
        "label_fr": "Réquisition du procureur de la République (ou d'un officier de police judiciaire sur son "
        "autorisation)",
        "label_en": "Requisition by the public prosecutor (or by a judicial police officer on the prosecutor's "
        "authority)",
        "reference_fr": "Code de procédure pénale, art. 60-1 (enquête de flagrance) et 77-1-1 (enquête "
        "préliminaire)",
        "reference_en": "Code of Criminal Procedure, art. 60-1 (flagrante delicto investigation) and 77-1-1 "
        "(preliminary investigation)",
        "conditions_fr": "Le secret professionnel ne peut être opposé à la réquisition sans motif légitime ; "
        "pour les professions visées aux articles 56-1 à 56-5 du code de procédure pénale, dont les médecins, "
        "la remise n'intervient qu'avec leur accord. Citer la réquisition (auteur, date, référence) dans la "
        "justification.",
        "conditions_en": "Professional secrecy cannot be set against the requisition without a legitimate "
        "reason; for the professions of articles 56-1 to 56-5 of the Code of Criminal Procedure, doctors among "
        "them, the information is handed over only with their agreement. Cite the requisition (who, date, "
        "reference) in the justification.",
        "discloser_kinds": [],
    },
]


def load_legal_bases(apps, schema_editor):
    LegalBasis = apps.get_model("sharing", "LegalBasis")
    for position, basis in enumerate(LEGAL_BASES, start=1):
        values = dict(basis)
        code = values.pop("code")
        LegalBasis.objects.get_or_create(code=code, defaults={**values, "position": position})


def remove_legal_bases(apps, schema_editor):
    LegalBasis = apps.get_model("sharing", "LegalBasis")
    LegalBasis.objects.filter(code__in=[basis["code"] for basis in LEGAL_BASES]).delete()


class Migration(migrations.Migration):

    dependencies = [
        ("sharing", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(load_legal_bases, remove_legal_bases),
    ]
