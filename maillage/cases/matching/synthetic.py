"""Synthetic persons recorded by several agencies, with the errors real records have.

For measuring the matcher (`maillage.bench.matching`) and for tests. Names are drawn from
pools of common French, Belgian, North-African, Eastern-European and West-African given and
family names, combined at random: any resemblance to a real person is fortuitous. Phone
numbers are valid in form only.

`generate(n_persons)` makes households (adults, children sharing the family name and often a
phone; some twins), then records some persons again as another agency would: accents lost,
hyphens for spaces, given and family names inverted, married name for birth name, another
transliteration, a typo, day and month swapped, a digit wrong, the phone in another format,
fields left empty. Every record carries the id of the true person (`cluster`).
Deterministic for a given seed.
"""

import random
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta

import phonenumbers

from maillage.cases.matching.scoring import PersonRecord

# One origin: (female given names, male given names, family names). Earlier names are
# drawn more often (Zipf-like), as in real populations.
_ORIGINS: dict[str, tuple[str, str, str]] = {
    "french": (
        "Marie Nathalie Isabelle Sylvie Catherine Sandrine Stéphanie Céline Julie Aurélie Émilie Camille Léa "
        "Manon Chloé Inès Sarah Laura Pauline Hélène Christine Valérie Véronique Sophie Élodie Amandine "
        "Mélanie Laëtitia Anaïs Océane Clémence Maëlle Zoé Jade Louise Emma Anne-Sophie Marie-Claire "
        "Marie-Hélène Brigitte Françoise Monique Josiane Gaëlle Noémie Agathe Margaux Solène Lucie",
        "Jean Pierre Michel Philippe Alain Nicolas Christophe Stéphane Sébastien Julien David Frédéric Laurent "
        "Olivier Thierry Éric Patrick Franck Jérôme Cédric Mathieu Guillaume Romain Kévin Maxime Thomas Lucas "
        "Hugo Théo Enzo Nathan Louis Jean-Pierre Jean-Marc Jean-François François Benoît Grégoire Loïc Hervé "
        "Gaël Yannick Anthony Dylan Bruno Didier Pascal Gilles",
        "Martin Bernard Dubois Thomas Robert Richard Petit Durand Leroy Moreau Simon Laurent Lefebvre Michel "
        "Garcia David Bertrand Roux Vincent Fournier Morel Girard André Lefèvre Mercier Dupont Lambert Bonnet "
        "François Martinez Legrand Garnier Faure Rousseau Blanc Guérin Muller Henry Roussel Nicolas Perrin "
        "Morin Mathieu Clément Gauthier Dumont Lopez Fontaine Chevalier Robin Masson Sanchez Gérard Nguyen "
        "Boyer Denis Lemaire Duval Joly Gautier Roger Roche Roy Noël Meyer Lucas Meunier Pérez Marchand "
        "Dufour Blanchard Gillet Barbier Brun Leclerc Le_Goff Le_Gall Saint-Martin Besnard Hamon Caron Collin",
    ),
    "belgian": (
        "Lotte Lien Elke Els Katrien Sofie Nele Joke Fien Marie Amélie Chloé Louise Lore Hanne Sara Emma "
        "Charlotte Justine Manon Pauline Aurore Delphine Anne-Marie Marie-Christine Ann Veerle Griet",
        "Jan Pieter Wouter Koen Bart Tom Jef Stijn Joris Dries Arnaud Quentin Maxime Baptiste Cédric Geoffrey "
        "Jonathan Thibault Benoît Olivier Kevin Bram Sander Michiel Jean-Luc Philippe Luc Marc",
        "Peeters Janssens Maes Jacobs Mertens Willems Claes Goossens Wouters De_Smet Dubois Lambert Dupont "
        "Martin Van_den_Broeck Vermeulen Van_Damme De_Clercq Desmet Lemaire Leclercq Denis Renard Simon Hermans "
        "Michiels Vandenberghe Declercq Van_de_Velde Verhoeven Cools Pauwels Dumont Collignon Lejeune Dethier "
        "Gilson Wautier Van_Hoof Verstraete Lemmens Hendrickx Dierckx Smets",
    ),
    "north_african": (
        "Fatima Aïcha Khadija Malika Nadia Samira Karima Leïla Yasmina Zineb Meryem Imane Salma Amina Naïma "
        "Rachida Houda Siham Soumia Nour Sabrina Hafsa Latifa Zohra Hayat Loubna Dounia Sanaa Fatma Farida",
        "Mohamed Ahmed Youssef Karim Mehdi Rachid Saïd Abdelkader Mustapha Hassan Omar Ali Bilal Hamza Ayoub "
        "Ibrahim Khalid Nabil Samir Farid Djamel Sofiane Yacine Walid Amine Anis Ilyes Nassim Redouane Abdellah",
        "Benali Benaïssa Bouzid Belkacem Boudiaf Cherif Hamidi Haddad Mansouri Saidi Brahimi Amrani El_Amrani "
        "El_Idrissi Alaoui Benjelloun Tahiri Bennani Chaoui Ziani Khelifi Meziane Boukhris Ouali Aït_Ahmed "
        "Ben_Youssef Bensaïd Belhadj Djebbar Messaoudi Kaddour Laroussi Touati Zerrouki Guerfi Rahmani Slimani "
        "Hadjadj Toumi Benkirane",
    ),
    "eastern_european": (
        "Olga Natalia Elena Irina Svetlana Tatiana Anna Oksana Ioulia Ekaterina Maria Daria Anastasia Ludmila "
        "Valentina Agnieszka Katarzyna Magdalena Joanna Ioana Andreea Mihaela Alina Larissa Galina",
        "Dmitri Sergueï Alexandre Andreï Ivan Nikolaï Mikhaïl Vladimir Igor Oleg Pavel Piotr Tomasz Krzysztof "
        "Marek Andrzej Ion Mihai Florin Bogdan Vasile Constantin Viktor Iouri Anatoli",
        # Russian names take -a in the feminine; Polish -ski/-ska: see _feminine_family_name.
        "Kuznetsov Ivanov Smirnov Popov Sokolov Lebedev Kozlov Novikov Morozov Petrov Volkov Pavlov Semenov "
        "Fedorov Shevchenko Kovalenko Bondarenko Tkachenko Kravchenko Melnyk Boyko Nowak Kowalski Wiśniewski "
        "Wójcik Kowalczyk Kamiński Lewandowski Zieliński Popescu Ionescu Popa Dumitru Stan Stoica Gheorghe Rusu "
        "Munteanu",
    ),
    "west_african": (
        "Aminata Fatoumata Mariam Awa Kadiatou Aïssatou Ramatoulaye Coumba Adama Ndeye Bintou Assa Hawa Oumou "
        "Djeneba Safiatou Mariama Rokia Aya Affoué Salimata Nafissatou",
        "Mamadou Moussa Ousmane Ibrahima Abdoulaye Amadou Cheikh Boubacar Seydou Souleymane Lamine Modibo "
        "Bakary Issa Yao Kouassi Koffi Siaka Drissa Alassane Babacar Pape",
        "Diallo Traoré Diop Ndiaye Camara Keïta Coulibaly Konaté Sow Ba Sy Fall Sylla Cissé Touré Diarra "
        "Sangaré Doumbia Kouyaté Fofana Bamba Koné Ouattara Kouamé Gueye Sarr Mbaye Faye Kanté Dembélé Sissoko "
        "N'Diaye Tall Kaboré",
    ),
}
# Share of each origin among the persons (a mix plausible for an urban French or Belgian area).
_ORIGIN_WEIGHTS = {"french": 50, "belgian": 12, "north_african": 20, "eastern_european": 9, "west_african": 9}

# Other spellings of one name, as other agencies or documents write it.
_SPELLINGS: tuple[str, ...] = (
    "Mohamed Mohammed Muhammad Mohamad Mouhamed Mohammad",
    "Ahmed Ahmad Ahmet",
    "Youssef Yousef Youcef Yusuf Youssouf",
    "Aïcha Aisha Aicha Aïsha",
    "Khadija Khadidja Khedidja Kadija",
    "Fatima Fatimah Fatema",
    "Leïla Leila Layla Leyla",
    "Meryem Meriem Maryam Myriam",
    "Saïd Said Saeed Sayed",
    "Mustapha Mustafa Moustafa Mostefa",
    "Djamel Jamel Djamal Jamal",
    "Rachid Rashid Rached",
    "Abdelkader Abdel_Kader Abdel-Kader Abdelkadir",
    "Karim Kareem",
    "Ilyes Ilyas Ilies",
    "Nassim Nacim Nasim",
    "Sofiane Sofian Soufiane",
    "Yacine Yassine Yassin",
    "Redouane Redwan Ridouane Radouane",
    "Naïma Naima Naema",
    "Benali Ben_Ali Ben-Ali",
    "Benaïssa Ben_Aïssa Benaissa",
    "El_Amrani Elamrani El-Amrani",
    "El_Idrissi Elidrissi El-Idrissi",
    "Belkacem Belkassem Belqacem",
    "Cherif Chérif Sherif",
    "Haddad Hadad",
    "Boukhris Boukris",
    "Aït_Ahmed Ait-Ahmed Aitahmed",
    "Ben_Youssef Benyoussef Ben-Youcef",
    "Olga Olha",
    "Natalia Natalya Nataliya Natalja",
    "Elena Yelena Jelena",
    "Tatiana Tatyana Tatjana",
    "Ioulia Yulia Iulia Julia",
    "Ekaterina Yekaterina Katerina",
    "Ludmila Lioudmila Lyudmila",
    "Sergueï Sergei Sergey Serguei",
    "Andreï Andrei Andrey Andrii",
    "Nikolaï Nikolai Nikolay",
    "Mikhaïl Mikhail Michail",
    "Dmitri Dmitry Dmitriy",
    "Alexandre Aleksandr Alexander",
    "Iouri Yuri Yury",
    "Anatoli Anatoly Anatolii",
    "Kuznetsov Kouznetsov Kuznetsoff",
    "Kuznetsova Kouznetsova Kuznecova",
    "Shevchenko Chevtchenko Szewczenko",
    "Kovalenko Kovalienko",
    "Tkachenko Tkatchenko",
    "Kravchenko Kravtchenko",
    "Smirnov Smirnoff",
    "Ivanov Ivanoff",
    "Petrov Petroff",
    "Semenov Semionov Semyonov",
    "Semenova Semionova Semyonova",
    "Fedorov Fiodorov Fyodorov",
    "Fedorova Fiodorova Fyodorova",
    "Lebedev Lebedeff",
    "Melnyk Melnik",
    "Boyko Boiko",
    "Mamadou Mamadu Mahamadou",
    "Moussa Musa",
    "Ousmane Usman Osman Ousman",
    "Amadou Ahmadou Amadu",
    "Abdoulaye Abdulaye Abdoulay",
    "Aïssatou Aissatou Aïssata",
    "Fatoumata Fatimata Fatumata",
    "Kadiatou Khadiatou Kadiatu",
    "Souleymane Souleimane Sulayman",
    "Diallo Jallo Jalloh",
    "Keïta Keita",
    "Cissé Cisse Sissé",
    "N'Diaye Ndiaye N_Diaye",
    "Ndeye N'Deye",
    "Coulibaly Kulibali Coulibali",
    "Sylla Silla",
    "Kouassi Kwasi",
    "Koffi Kofi",
    "Laëtitia Laetitia Létitia",
    "Mathieu Matthieu",
    "Leclercq Leclerc",
    "Lefèvre Lefebvre",
    "Dupont Dupond",
    "Thierry Thiery",
    "Declercq De_Clercq",
    "Desmet De_Smet",
)
_VARIANTS: dict[str, tuple[str, ...]] = {}
for _group in _SPELLINGS:
    _names = tuple(name.replace("_", " ") for name in _group.split())
    for _name in _names:
        _VARIANTS[_name] = tuple(other for other in _names if other != _name)

_NICKNAMES = {
    "Mohamed": "Momo",
    "Abdelkader": "Kader",
    "Mustapha": "Moustaf",
    "Alexandre": "Alex",
    "Nathalie": "Nath",
    "Christophe": "Chris",
    "Ekaterina": "Katia",
    "Aleksandr": "Sacha",
    "Mamadou": "Madou",
    "Fatoumata": "Fatou",
    "Jean-Pierre": "JP",
    "Marie-Claire": "Marie",
}

REFERENCE_DATE = date(2025, 1, 1)

# Duplicate errors and how often each is applied (relative weights).
ERRORS: dict[str, int] = {
    "accents_lost": 12,
    "upper_case": 8,
    "hyphen_space": 6,
    "inverted_names": 6,
    "married_or_birth_name": 8,
    "spelling_variant": 10,
    "typo_family_name": 8,
    "typo_given_name": 8,
    "first_given_name_only": 4,
    "day_month_swapped": 5,
    "birth_date_digit": 6,
    "birth_date_missing": 6,
    "phone_missing": 10,
    "new_phone": 4,
    "alias_recorded": 3,
}


@dataclass(frozen=True)
class SyntheticRecord:
    record: PersonRecord
    cluster: int  # the true person: records with the same cluster are the same person
    errors: tuple[str, ...]  # errors applied to this copy; empty for the first record


@dataclass
class _Person:
    cluster: int
    origin: str
    female: bool
    given_names: str
    family_name: str
    birth_name: str
    birth_date: date
    phones: list[str]  # E.164
    country: str  # "FR" or "BE"


def _pick(rng: random.Random, names: Sequence[str]) -> str:
    # Zipf-like: the k-th name is drawn with weight 1/(k+8), so that the first names of a pool
    # (Martin, Mohamed, Marie) make up a few percent each, as in France.
    weights = [1 / (rank + 8) for rank in range(len(names))]
    return rng.choices(names, weights=weights)[0]


def _pool(origin: str, part: int) -> list[str]:
    return [name.replace("_", " ") for name in _ORIGINS[origin][part].split()]


def _feminine_family_name(name: str) -> str:
    if name.endswith(("ov", "ev", "in")):
        return name + "a"
    if name.endswith("ski"):
        return name[:-1] + "a"
    return name


def _given_names(rng: random.Random, origin: str, female: bool) -> str:
    pool = _pool(origin, 0 if female else 1)
    first = _pick(rng, pool)
    if origin in ("french", "belgian") and rng.random() < 0.15:
        second = _pick(rng, pool)
        if second != first:
            return f"{first} {second}"
    return first


def _distinct_given_names(rng: random.Random, origin: str, female: bool, taken: set[str]) -> str:
    for _ in range(20):
        names = _given_names(rng, origin, female)
        if names.split()[0] not in taken:
            break
    taken.add(names.split()[0])
    return names


def _family_name(rng: random.Random, origin: str, female: bool) -> str:
    name = _pick(rng, _pool(origin, 2))
    if origin == "french" and rng.random() < 0.03:
        name = f"{name}-{_pick(rng, _pool(origin, 2))}"
    return _feminine_family_name(name) if female and origin == "eastern_european" else name


def _phone(rng: random.Random, country: str) -> str:
    while True:
        if country == "FR":
            raw = f"+33{rng.choice('67')}{rng.randrange(10**8):08}"
        else:
            raw = f"+324{rng.choice('6789')}{rng.randrange(10**7):07}"
        if phonenumbers.is_valid_number(phonenumbers.parse(raw)):
            return raw


def _format_phone(rng: random.Random, e164: str) -> str:
    number = phonenumbers.parse(e164)
    national = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    international = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    digits = e164[3:]
    choices = [international, e164, "00" + e164[1:], f"{e164[:3]} (0){digits}"]
    if e164.startswith("+33"):  # national forms only for French numbers: the agencies read them as French
        choices += [national, national.replace(" ", ""), national.replace(" ", "."), national.replace(" ", "-")]
    return rng.choice(choices)


def _birth_date(rng: random.Random, min_age: int, max_age: int) -> date:
    days = rng.randrange(min_age * 365, max_age * 365 + 1)
    return REFERENCE_DATE - timedelta(days=days)


def _households(rng: random.Random, n_persons: int) -> list[_Person]:
    persons: list[_Person] = []
    origins = list(_ORIGIN_WEIGHTS)
    weights = list(_ORIGIN_WEIGHTS.values())
    while len(persons) < n_persons:
        origin = rng.choices(origins, weights=weights)[0]
        country = "BE" if origin == "belgian" or rng.random() < 0.15 else "FR"
        home_phone = _phone(rng, country)
        father_family = _family_name(rng, origin, female=False)
        # A couple, or one adult alone (more often a woman: most victims recorded are).
        sexes = (True, False) if rng.random() < 0.7 else (rng.random() < 0.75,)
        adults: list[_Person] = []
        taken: set[str] = set()  # given names already used in the household
        for female in sexes:
            own = _family_name(rng, origin, female) if female else father_family
            married = female and len(sexes) == 2 and rng.random() < 0.6
            family = own
            if married:
                family = _feminine_family_name(father_family) if origin == "eastern_european" else father_family
            phones = [_phone(rng, country)] if rng.random() < 0.85 else []
            if rng.random() < 0.3:
                phones.append(home_phone)
            adults.append(
                _Person(
                    cluster=len(persons) + len(adults),
                    origin=origin,
                    female=female,
                    given_names=_distinct_given_names(rng, origin, female, taken),
                    family_name=family,
                    birth_name=own if married and own != family else "",
                    birth_date=_birth_date(rng, 18, 75),
                    phones=phones,
                    country=country,
                )
            )
        persons.extend(adults)
        children = rng.choices((0, 1, 2, 3, 4), weights=(30, 25, 25, 14, 6))[0]
        twin_of: _Person | None = None
        for _ in range(children):
            female = rng.random() < 0.5
            family = _feminine_family_name(father_family) if female and origin == "eastern_european" else father_family
            # Half the time the child after a "twin_of" child is its twin: same birth date.
            born = twin_of.birth_date if twin_of is not None and rng.random() < 0.5 else _birth_date(rng, 0, 17)
            child = _Person(
                cluster=len(persons),
                origin=origin,
                female=female,
                given_names=_distinct_given_names(rng, origin, female, taken),
                family_name=family,
                birth_name="",
                birth_date=born,
                phones=[home_phone] if rng.random() < 0.4 else [],
                country=country,
            )
            persons.append(child)
            twin_of = child if rng.random() < 0.06 else None
    return persons[:n_persons]


def _record(rng: random.Random, person: _Person, key: str) -> PersonRecord:
    return PersonRecord(
        key=key,
        given_names=person.given_names,
        family_name=person.family_name,
        birth_name=person.birth_name,
        birth_date=person.birth_date,
        phones=tuple(_format_phone(rng, phone) for phone in person.phones),
    )


def _strip_accents(text: str) -> str:
    return "".join(char for char in unicodedata.normalize("NFD", text) if not unicodedata.combining(char))


def _typo(rng: random.Random, word: str) -> str:
    letters = [index for index, char in enumerate(word) if char.isalpha()]
    if len(letters) < 3:
        return word
    index = rng.choice(letters[1:])  # the first letter is rarely wrong
    kind = rng.choice(("substitute", "delete", "insert", "transpose"))
    if kind == "substitute":
        return word[:index] + rng.choice("aeiourstnlmcd") + word[index + 1 :]
    if kind == "delete":
        return word[:index] + word[index + 1 :]
    if kind == "insert":
        return word[:index] + word[index] + word[index:]
    if index + 1 < len(word):
        return word[:index] + word[index + 1] + word[index] + word[index + 2 :]
    return word[:index] + word[index - 1] + word[index]


def _replace_variant(rng: random.Random, name: str) -> str | None:
    if name in _VARIANTS:
        return rng.choice(_VARIANTS[name])
    for word in name.replace("-", " ").split():
        if word in _VARIANTS:
            return name.replace(word, rng.choice(_VARIANTS[word]))
    return None


def _apply(rng: random.Random, error: str, record: PersonRecord, person: _Person) -> PersonRecord | None:
    """The record with `error` made, or None if the error does not apply to this person."""
    given, family = record.given_names, record.family_name
    if error == "accents_lost":
        if _strip_accents(given + family + record.birth_name) == given + family + record.birth_name:
            return None
        return replace(
            record,
            given_names=_strip_accents(given),
            family_name=_strip_accents(family),
            birth_name=_strip_accents(record.birth_name),
        )
    if error == "upper_case":
        return replace(record, family_name=family.upper(), birth_name=record.birth_name.upper())
    if error == "hyphen_space":
        if "-" in given + family:
            return replace(record, given_names=given.replace("-", " "), family_name=family.replace("-", " "))
        if " " in family:
            return replace(record, family_name=family.replace(" ", rng.choice(("-", ""))))
        if " " in given:
            return replace(record, given_names=given.replace(" ", "-"))
        return None
    if error == "inverted_names":
        return replace(record, given_names=family.upper(), family_name=given)
    if error == "married_or_birth_name":
        if person.birth_name:  # recorded under the birth name only, or the married name only
            if rng.random() < 0.5:
                return replace(record, family_name=person.birth_name, birth_name="")
            return replace(record, birth_name="")
        return None
    if error == "spelling_variant":
        new_given = _replace_variant(rng, given)
        new_family = _replace_variant(rng, family)
        if new_given is None and new_family is None:
            return None
        if new_given is not None and (new_family is None or rng.random() < 0.5):
            return replace(record, given_names=new_given)
        return replace(record, family_name=new_family or family)
    if error == "typo_family_name":
        return replace(record, family_name=_typo(rng, family))
    if error == "typo_given_name":
        return replace(record, given_names=_typo(rng, given))
    if error == "first_given_name_only":
        words = given.split()
        return replace(record, given_names=words[0]) if len(words) > 1 else None
    if error == "day_month_swapped":
        born = record.birth_date
        if born is None or born.day > 12 or born.day == born.month:
            return None
        return replace(record, birth_date=date(born.year, born.day, born.month))
    if error == "birth_date_digit":
        born = record.birth_date
        if born is None:
            return None
        for _ in range(20):
            digits = list(born.strftime("%Y%m%d"))
            position = rng.choice((2, 3, 5, 6, 7))  # decade, year, month, day
            digits[position] = rng.choice("0123456789")
            text = "".join(digits)
            try:
                changed = date(int(text[:4]), int(text[4:6]), int(text[6:]))
            except ValueError:
                continue
            if changed != born and changed <= REFERENCE_DATE:
                return replace(record, birth_date=changed)
        return None
    if error == "birth_date_missing":
        return replace(record, birth_date=None)
    if error == "phone_missing":
        return replace(record, phones=()) if record.phones else None
    if error == "new_phone":
        return replace(record, phones=(_format_phone(rng, _phone(rng, person.country)),))
    if error == "alias_recorded":
        nickname = _NICKNAMES.get(person.given_names.split()[0])
        if nickname is None:
            return None
        return replace(record, given_names=nickname, aliases=(f"{given} {family}",))
    raise ValueError(error)


def generate(n_persons: int, *, duplicate_rate: float = 0.2, seed: int = 0) -> list[SyntheticRecord]:
    """`n_persons` true persons, then copies of about `duplicate_rate` of them with errors.

    A duplicated person gets one copy, sometimes two or three (as when three agencies follow
    one family); each copy has one to three errors and its phone in its own format.
    """
    rng = random.Random(seed)  # noqa: S311 (synthetic data, not security)
    persons = _households(rng, n_persons)
    records = [SyntheticRecord(_record(rng, person, f"p{person.cluster}"), person.cluster, ()) for person in persons]
    error_names, error_weights = list(ERRORS), list(ERRORS.values())
    for person in persons:
        if rng.random() >= duplicate_rate:
            continue
        copies = rng.choices((1, 2, 3), weights=(80, 15, 5))[0]
        for copy in range(copies):
            record = _record(rng, person, f"p{person.cluster}-{copy + 1}")
            applied: list[str] = []
            wanted = rng.choices((1, 2, 3), weights=(50, 35, 15))[0]
            for _ in range(10):
                if len(applied) == wanted:
                    break
                error = rng.choices(error_names, weights=error_weights)[0]
                if error in applied:
                    continue
                changed = _apply(rng, error, record, person)
                if changed is not None and changed != record:
                    record = changed
                    applied.append(error)
            records.append(SyntheticRecord(record, person.cluster, tuple(applied)))
    rng.shuffle(records)
    return records
