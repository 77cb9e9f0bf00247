"""Cross-agency person matching: normalisation, scoring, blocking, synthetic data."""

import unicodedata
from collections import Counter, defaultdict
from dataclasses import replace
from datetime import date
from itertools import combinations, count

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from maillage.cases.matching import (
    PersonRecord,
    birth_date_relation,
    birth_date_variants,
    blocking_keys,
    compare,
    find_matches,
    fold_name,
    name_tokens,
    normalise_phone,
    phonetic_key,
)
from maillage.cases.matching.synthetic import ERRORS, generate

BORN = date(1986, 3, 14)


_keys = count()


def person(given: str, family: str, **fields) -> PersonRecord:
    key = fields.pop("key", f"person-{next(_keys)}")
    return PersonRecord(key=key, given_names=given, family_name=family, **fields)


# --- normalisation, by example


def test_accents_case_hyphens_and_apostrophes_fold_alike():
    assert fold_name("Marie-Claire DUPONT-MARTIN") == "marie claire dupont martin"
    assert fold_name("  Hélène  N'Diaye ") == fold_name("helene n diaye") == "helene n diaye"
    assert fold_name("Laëtitia Lætitia Strauß Łukasz") == "laetitia laetitia strauss lukasz"


def test_cyrillic_and_arabic_letters_are_transliterated():
    assert fold_name("Ольга Кузнецова") == "olga kuznetsova"
    assert fold_name("Шевченко") == "shevchenko"
    assert fold_name("محمد") == "mhmd"


def test_name_tokens_drop_particles_but_keep_ben():
    assert name_tokens("El Amrani") == ("amrani",)
    assert name_tokens("Van den Broeck") == ("broeck",)
    assert name_tokens("Ben Ali") == ("ben", "ali")
    assert name_tokens("de la") == ("de", "la")  # nothing else: kept


@pytest.mark.parametrize(
    "spellings",
    [
        ("Mohamed", "Mohammed", "Muhammad", "Mouhamad"),
        ("Aïcha", "Aisha", "Aicha", "Aysha"),
        ("Youssef", "Yousef", "Youcef", "Yusuf"),
        ("Kuznetsova", "Kouznetsova", "Кузнецова"),
        ("Chevtchenko", "Shevchenko", "Szewczenko"),
        ("Khadija", "Khadidja"),
        ("Djamel", "Jamel"),
        ("Ousmane", "Usman", "Osman"),
        ("Ivanov", "Ivanoff"),
        ("Dupont", "Dupond"),
        ("Coulibaly", "Kulibali"),
        ("Dmitri", "Dmitriy", "Dmytro"),
    ],
)
def test_transliteration_variants_share_a_phonetic_key(spellings):
    assert len({phonetic_key(spelling) for spelling in spellings}) == 1


def test_different_names_have_different_phonetic_keys():
    assert phonetic_key("Martin") != phonetic_key("Morin")
    assert phonetic_key("Samira") != phonetic_key("Salma")


@pytest.mark.parametrize(
    "raw",
    ["06 12 34 56 78", "0612345678", "06.12.34.56.78", "+33 6 12 34 56 78", "+33612345678", "0033612345678"],
)
def test_french_phone_formats_normalise_to_e164(raw):
    assert normalise_phone(raw) == "+33612345678"


def test_belgian_numbers_depend_on_the_agency_country_only_without_country_code():
    assert normalise_phone("+32 470 12 34 56") == "+32470123456"
    assert normalise_phone("0032 470 12 34 56") == "+32470123456"
    assert normalise_phone("0470 12 34 56", default_region="BE") == "+32470123456"


@pytest.mark.parametrize("garbage", ["", "inconnu", "06 12", "12345678901234567890", "+33 0 00 00 00 00"])
def test_garbage_phone_gives_none(garbage):
    assert normalise_phone(garbage) is None


def test_birth_date_variants_cover_swaps_and_one_digit_typos():
    variants = birth_date_variants(BORN)
    assert date(1986, 3, 13) in variants  # one digit
    assert date(1968, 3, 14) in variants  # neighbouring digits exchanged
    assert date(1986, 3, 24) in variants
    assert BORN not in variants
    assert birth_date_variants(date(1986, 3, 4)) >= {date(1986, 4, 3)}
    assert birth_date_relation(date(1986, 3, 4), date(1986, 4, 3)) == "swapped"
    assert birth_date_relation(BORN, date(1986, 3, 15)) == "typo"
    assert birth_date_relation(BORN, date(1990, 7, 1)) == "different"


# --- matching, by example: each kind of variant is found as probable


MATCHING_PAIRS = {
    "compound and inverted words": (
        person("Marie-Claire", "Dupont-Martin", birth_date=BORN),
        person("Marie Claire", "DUPONT", birth_date=BORN),
        "compound family name partly matches",
    ),
    "given and family names swapped": (
        person("Marie-Claire", "Dupont", birth_date=BORN),
        person("DUPONT", "Marie Claire", birth_date=BORN),
        "names match with inverted order",
    ),
    "married name and birth name": (
        person("Sandrine", "Martin", birth_name="Lefèvre", birth_date=BORN),
        person("Sandrine", "LEFEVRE", birth_date=BORN),
        "family name matches birth name",
    ),
    "alias": (
        person("Mohamed", "Benali", aliases=("Momo Benali",), phones=("06 12 34 56 78",)),
        person("Momo", "Benali", phones=("+33 6 12 34 56 78",)),
        "name matches an alias",
    ),
    "transliterated family name": (
        person("Olga", "Kuznetsova", birth_date=BORN),
        person("Olga", "Kouznetsova", birth_date=BORN),
        "similar family names",
    ),
    "transliterated given name": (
        person("Mohamed", "Benali", birth_date=BORN),
        person("Muhammad", "Ben Ali", birth_date=BORN),
        "similar given names",
    ),
    "accents lost": (
        person("Aïcha", "Traoré", birth_date=BORN),
        person("Aisha", "TRAORE", birth_date=BORN),
        "same family name",
    ),
    "typo in the family name": (
        person("Nathalie", "Lefebvre", birth_date=BORN),
        person("Nathalie", "Lefebrve", birth_date=BORN),
        "similar family names",
    ),
    "day and month swapped": (
        person("Natalia", "Ivanova", birth_date=date(1990, 5, 8)),
        person("Natalya", "Ivanova", birth_date=date(1990, 8, 5)),
        "birth date day/month swapped",
    ),
    "one digit wrong in the birth date, same phone": (
        person("Youssef", "Haddad", birth_date=date(1979, 11, 2), phones=("07 61 23 45 67",)),
        person("Youcef", "Haddad", birth_date=date(1978, 11, 2), phones=("0033761234567",)),
        "birth dates differ by one digit",
    ),
    "phone in another format, birth date missing": (
        person("Fatoumata", "Diallo", birth_date=BORN, phones=("+32 470 12 34 56",)),
        person("Fatoumata", "Diallo", phones=("0032470123456",)),
        "same phone",
    ),
}


@pytest.mark.parametrize("case", MATCHING_PAIRS.values(), ids=MATCHING_PAIRS.keys())
def test_variants_of_one_person_are_a_probable_match(case):
    first, second, reason = case
    result = compare(first, second)
    assert result.level == "probable", result
    assert reason in result.reasons
    assert blocking_keys(first) & blocking_keys(second)
    assert find_matches(first, [second]) == [(second, result)]


def test_two_mohamed_benali_born_years_apart_are_not_a_match():
    first = person("Mohamed", "Benali", key="a", birth_date=date(1985, 6, 1), phones=("06 12 34 56 78",))
    second = person("Mohamed", "Benali", key="b", birth_date=date(1993, 2, 17), phones=("07 98 76 54 32",))
    assert compare(first, second).level == "none"
    without_phones = compare(PersonRecord("a", "Mohamed", "Benali", birth_date=date(1985, 6, 1)), second)
    assert without_phones.level == "none"


def test_siblings_sharing_family_name_and_phone_are_not_a_match():
    sister = person("Inès", "Martin", birth_date=date(2012, 5, 1), phones=("06 12 34 56 78",))
    brother = person("Lucas", "Martin", birth_date=date(2014, 8, 17), phones=("06 12 34 56 78",))
    result = compare(sister, brother)
    assert result.level == "none"
    assert "different given names" in result.reasons


def test_twins_are_never_a_probable_match():
    phone = ("06 12 34 56 78",)
    for first, second in (("Lucas", "Hugo"), ("Samira", "Salma")):
        result = compare(
            person(first, "Benjelloun", birth_date=BORN, phones=phone),
            person(second, "Benjelloun", birth_date=BORN, phones=phone),
        )
        assert result.level != "probable", result


def test_same_name_with_nothing_else_is_only_a_possible_match():
    result = compare(person("Jean", "Dupont", key="a"), person("Jean", "Dupont", key="b"))
    assert result.level == "possible"
    assert result.reasons == ("same family name", "same given names", "birth date missing", "phone missing")


def test_same_names_with_a_birth_date_one_digit_apart_is_only_possible_without_other_evidence():
    # Namesakes are common (Pauline Dubois, 2003 and 2004): a typo alone does not make it probable.
    result = compare(
        person("Pauline", "Dubois", key="a", birth_date=date(2004, 8, 25)),
        person("Pauline", "Dubois", key="b", birth_date=date(2003, 8, 25)),
    )
    assert result.level == "possible"


def test_find_matches_skips_the_record_itself_and_unrelated_persons_and_sorts_by_score():
    me = person("Olga", "Kuznetsova", key="me", birth_date=BORN, phones=("06 12 34 56 78",))
    exact = person("Olga", "Kuznetsova", key="exact", birth_date=BORN, phones=("0612345678",))
    variant = person("Olga", "Kouznetsova", key="variant", birth_date=BORN)
    stranger = person("Lucas", "Martin", key="stranger", birth_date=date(2001, 1, 1))
    matches = find_matches(me, [me, stranger, variant, exact])
    assert [candidate.key for candidate, _ in matches] == ["exact", "variant"]
    assert matches[0][1].score >= matches[1][1].score


def test_blocking_keys_are_short_and_typed():
    record = person("Marie-Claire", "Dupont-Martin", birth_date=BORN, phones=("06 12 34 56 78",))
    keys = blocking_keys(record)
    assert {key.split(":")[0] for key in keys} == {"n", "y", "d", "g", "p"}
    assert "p:+33612345678" in keys
    assert "y:dapan:1986" in keys
    assert "d:d:1986-03-14" in keys
    assert max(len(key) for key in keys) <= 40


def test_day_month_swap_keeps_the_birth_date_key():
    first = blocking_keys(person("Anna", "Nowak", birth_date=date(1990, 5, 8)))
    second = blocking_keys(person("Anna", "Nowak", birth_date=date(1990, 8, 5)))
    assert {key for key in first if key.startswith("d:")} == {key for key in second if key.startswith("d:")}


# --- synthetic data


def test_synthetic_data_is_deterministic_and_has_ground_truth():
    records = generate(400, seed=3)
    assert records == generate(400, seed=3)
    assert records != generate(400, seed=4)
    clusters = Counter(item.cluster for item in records)
    assert len(clusters) == 400
    duplicated = sum(1 for count in clusters.values() if count > 1)
    assert 0.12 * 400 < duplicated < 0.28 * 400
    assert all(item.errors for item in records if item.record.key.count("-") == 1)


def test_synthetic_duplicates_show_every_kind_of_error():
    seen = Counter(error for item in generate(1500, seed=5) for error in item.errors)
    assert set(seen) == set(ERRORS)


def test_matcher_finds_most_synthetic_duplicates_and_few_false_ones():
    # A guard against regressions; the benchmark (make bench) measures on 5,000 persons.
    records = generate(600, seed=11)
    by_key = {item.record.key: item for item in records}
    index = defaultdict(list)
    for item in records:
        for key in blocking_keys(item.record):
            index[key].append(item.record.key)
    candidates = {tuple(sorted(pair)) for keys in index.values() for pair in combinations(keys, 2)}
    truth = {tuple(sorted((a.record.key, b.record.key))) for a, b in combinations(records, 2) if a.cluster == b.cluster}
    probable = {
        pair for pair in candidates if compare(by_key[pair[0]].record, by_key[pair[1]].record).level == "probable"
    }
    assert len(probable & truth) / len(probable) >= 0.98
    assert len(probable & truth) / len(truth) >= 0.7


# --- properties

LATIN_AND_CYRILLIC = st.characters(
    codec="utf-8",
    categories=("Lu", "Ll", "Zs", "Pd", "Po"),
    min_codepoint=0x20,
    max_codepoint=0x4FF,
)
NAMES = st.text(LATIN_AND_CYRILLIC, max_size=30)


def strip_accents(text: str) -> str:
    return unicodedata.normalize(
        "NFC", "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    )


@given(st.text())
def test_fold_name_is_idempotent(text):
    assert fold_name(fold_name(text)) == fold_name(text)


@given(NAMES)
def test_fold_name_ignores_case(text):
    assert fold_name(text.upper()) == fold_name(text.lower()) == fold_name(text)


@given(NAMES)
def test_fold_name_ignores_accents(text):
    assert fold_name(strip_accents(text)) == fold_name(text)


@given(NAMES)
def test_fold_name_treats_hyphens_apostrophes_and_spaces_alike(text):
    assert fold_name(text.replace("-", " ")) == fold_name(text.replace(" ", "-")) == fold_name(text.replace(" ", "'"))


@given(st.text(max_size=60), st.sampled_from(["FR", "BE"]))
def test_normalise_phone_never_raises_and_is_idempotent(text, region):
    normalised = normalise_phone(text, region)
    assert normalised is None or (normalised.startswith("+") and normalise_phone(normalised, region) == normalised)


@given(st.sampled_from("67"), st.integers(0, 99_999_999))
def test_french_formats_of_one_number_normalise_alike(first, rest):
    digits = f"{first}{rest:08}"
    pairs = " ".join(digits[i : i + 2] for i in range(1, 9, 2))
    formats = [
        f"0{digits}",
        f"0{first} {pairs}",
        f"0{first}.{pairs.replace(' ', '.')}",
        f"+33 {first} {pairs}",
        f"+33{digits}",
        f"0033{digits}",
        f"+33 (0){digits}",
    ]
    results = {normalise_phone(raw) for raw in formats}
    assert len(results) == 1
    assert results.pop() in (None, f"+33{digits}")


DATES = st.dates(min_value=date(1920, 1, 1), max_value=date(2025, 12, 31))


@given(DATES, DATES)
def test_birth_date_relation_is_symmetric_and_agrees_with_variants(first, second):
    relation = birth_date_relation(first, second)
    assert relation == birth_date_relation(second, first)
    assert (relation in ("swapped", "typo")) == (second in birth_date_variants(first))


def mutated(name: str, draw) -> str:
    return draw(st.sampled_from([name, name.upper(), strip_accents(name), name[:-1] or name, name.replace("-", " ")]))


@st.composite
def records(draw, key=None):
    given_pool = ["Marie-Claire", "Mohamed", "Muhammad", "Aïcha", "Olga", "Jean", "Lucas"]
    family_pool = ["Dupont-Martin", "Benali", "Ben Ali", "Kuznetsova", "Diallo", "Martin"]
    return PersonRecord(
        key=key or draw(st.sampled_from(["a", "b", "c"])),
        given_names=mutated(draw(st.sampled_from(given_pool)), draw),
        family_name=mutated(draw(st.sampled_from(family_pool)), draw),
        birth_name=draw(st.sampled_from(["", "Dupont", "Traoré"])),
        aliases=draw(st.sampled_from([(), ("Momo Benali",), ("Marie Dupont",)])),
        birth_date=draw(st.none() | st.sampled_from([date(1986, 3, 4), date(1986, 4, 3), date(1986, 3, 5)])),
        phones=draw(st.sampled_from([(), ("06 12 34 56 78",), ("+33612345678", "07 11 22 33 44"), ("garbage",)])),
    )


@settings(max_examples=300)
@given(records(), records())
def test_compare_is_symmetric(first, second):
    assert compare(first, second) == compare(second, first)


@given(records())
def test_a_record_with_birth_date_or_phone_is_a_probable_match_of_itself(record):
    if record.birth_date is None and not {normalise_phone(phone) for phone in record.phones} - {None}:
        record = replace(record, birth_date=BORN)
    assert compare(record, record).level == "probable"
