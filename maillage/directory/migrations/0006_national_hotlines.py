"""The national numbers every partner map shows, as data in French and English.

Reversible: going back removes these numbers only. Existing rows with the same number are left
as they are (an administrator may have corrected them).
"""

from django.db import migrations

EVERY_DAY_ALL_DAY = ("24 h/24, 7 j/7", "24 hours a day, 7 days a week")
EVERY_DAY_9_TO_7 = ("7 j/7, de 9 h à 19 h", "7 days a week, 9 am to 7 pm")

HOTLINES = [
    {
        "number": "17",
        "name_fr": "Police secours",
        "name_en": "Police emergency",
        "purpose_fr": "Danger immédiat : la police ou la gendarmerie intervient. À appeler quand une victime, "
        "un enfant ou vous-même êtes en danger maintenant.",
        "purpose_en": "Immediate danger: the police or gendarmerie come. Call when a victim, a child or you "
        "are in danger now.",
        "hours": EVERY_DAY_ALL_DAY,
        "channel": "call",
        "is_emergency": True,
        "languages": "fr",
    },
    {
        "number": "114",
        "name_fr": "Urgences par SMS",
        "name_en": "Emergency by text message",
        "purpose_fr": "Numéro d'urgence par SMS (ou par l'application 114, en visio en LSF ou par tchat) pour les "
        "personnes sourdes ou malentendantes et pour toute personne qui ne peut pas parler, notamment une "
        "victime de violences en présence de l'agresseur. L'alerte est transmise à la police, à la "
        "gendarmerie, au SAMU ou aux pompiers.",
        "purpose_en": "Emergency number by text message (or through the 114 app, by video in French Sign "
        "Language or by chat) for deaf or hard-of-hearing people and anyone who cannot speak, including a "
        "victim of violence while the aggressor is present. The alert is passed on to the police, the "
        "gendarmerie, the ambulance service or the fire brigade.",
        "hours": EVERY_DAY_ALL_DAY,
        "channel": "text",
        "is_emergency": True,
        "languages": "fr,fsl",
    },
    {
        "number": "3919",
        "name_fr": "Violences Femmes Info",
        "name_en": "Violences Femmes Info (women's helpline)",
        "purpose_fr": "Écoute, information et orientation des femmes victimes de violences, de leur entourage et "
        "des professionnels. Anonyme et gratuit ; l'appel n'apparaît pas sur les factures de téléphone. "
        "Géré par la Fédération nationale solidarité femmes. Ce n'est pas un numéro d'urgence : en cas de "
        "danger immédiat, appeler le 17.",
        "purpose_en": "Listening, information and referral for women victims of violence, their relatives and "
        "professionals. Anonymous and free; the call does not appear on phone bills. Run by the Fédération "
        "nationale solidarité femmes. Not an emergency number: in immediate danger, call 17.",
        "hours": EVERY_DAY_ALL_DAY,
        "channel": "call",
        "is_emergency": False,
        "languages": "fr",
    },
    {
        "number": "116 006",
        "name_fr": "Aide aux victimes (France Victimes)",
        "name_en": "Victims' helpline (France Victimes)",
        "purpose_fr": "Aide aux victimes de toute infraction : écoute, information sur les droits et orientation "
        "vers l'association d'aide aux victimes la plus proche. Géré par France Victimes.",
        "purpose_en": "Help for victims of any offence: listening, information on their rights and referral to "
        "the nearest victim-support association. Run by France Victimes.",
        "hours": EVERY_DAY_9_TO_7,
        "channel": "call",
        "is_emergency": False,
        "languages": "fr",
    },
    {
        "number": "08 019 019 11",
        "name_fr": "Écoute des auteurs de violences conjugales",
        "name_en": "Helpline for perpetrators of domestic violence",
        "purpose_fr": "Écoute et orientation des personnes auteures de violences conjugales, ou qui craignent de le "
        "devenir, vers une prise en charge pour que les violences cessent. Géré par la FNACAV.",
        "purpose_en": "Listening and referral for people who commit domestic violence, or fear they might, "
        "towards support so that the violence stops. Run by the FNACAV.",
        "hours": EVERY_DAY_9_TO_7,
        "channel": "call",
        "is_emergency": False,
        "languages": "fr",
    },
]


def load_hotlines(apps, schema_editor):
    Hotline = apps.get_model("directory", "Hotline")
    for position, hotline in enumerate(HOTLINES, start=1):
        values = dict(hotline)
        values["hours_fr"], values["hours_en"] = values.pop("hours")
        number = values.pop("number")
        Hotline.objects.get_or_create(number=number, defaults={**values, "position": position})


def remove_hotlines(apps, schema_editor):
    Hotline = apps.get_model("directory", "Hotline")
    Hotline.objects.filter(number__in=[hotline["number"] for hotline in HOTLINES]).delete()


class Migration(migrations.Migration):

    dependencies = [
        ('directory', '0005_hotline'),
    ]

    operations = [
        migrations.RunPython(load_hotlines, remove_hotlines),
    ]
