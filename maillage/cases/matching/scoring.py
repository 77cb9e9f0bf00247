"""Scoring of two person records: is it the same person, recorded by two agencies?

The model is a Fellegi-Sunter one with hand-set weights: each field (family name, given
names, birth date, phones) lands on an agreement level, each level adds or removes evidence
(in bits, a log2 likelihood ratio), and the sum plus a prior gives a match probability. The
levels become the reasons shown to the coordinator ("same phone", "birth date day/month
swapped"), so every score can be explained field by field.

`blocking_keys` gives short keys to store in an indexed column: two records are compared
only if they share one, so finding candidates is an index lookup, not a scan.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from itertools import combinations
from typing import Literal

from rapidfuzz.distance import OSA, JaroWinkler

from maillage.cases.matching.normalise import (
    birth_date_relation,
    name_tokens,
    normalise_phone,
    phonetic_key,
)


@dataclass(frozen=True)
class PersonRecord:
    """What matching needs to know of a person recorded in a situation.

    `key` identifies the record for the caller (the person's id). Names are as typed; phones
    preferably already in E.164 (`normalise_phone` with the agency's country), otherwise they
    are read as French. Aliases are whole names ("Momo Benali"), in any order.
    """

    key: str
    given_names: str
    family_name: str
    birth_name: str = ""
    aliases: tuple[str, ...] = ()
    birth_date: date | None = None
    phones: tuple[str, ...] = ()


MatchLevel = Literal["none", "possible", "probable"]


@dataclass(frozen=True)
class MatchResult:
    score: float  # match probability, 0..1
    level: MatchLevel
    reasons: tuple[str, ...]  # in English; the caller translates them for display


# Thresholds on the match probability, chosen with the benchmark (`make bench`, 5,000
# synthetic persons of whom ~20 % are recorded again with errors; seeds 1, 2, 3):
# PROBABLE: a probable match makes the coordinator call another agency about a named person,
#   and a wrong one discloses that someone else is followed there, so precision comes first.
#   At 0.9 precision was 99.8-100 % and recall 78-82 %; at 0.8, 99.0-99.4 % and 84-87 %: the
#   pairs gained are mostly the same names with a birth date one digit apart and nothing
#   else, which in a population larger than the benchmark's are often namesakes.
# POSSIBLE: at 0.2 recall (possible or probable) was 94-95 % for a precision of 90-91 %;
#   at 0.5, 92-93 % for 93-94 %. A possible match only suggests asking, so recall wins.
PROBABLE_THRESHOLD = 0.9
POSSIBLE_THRESHOLD = 0.2

# Evidence in bits (log2 of P(level | same person) / P(level | different persons)), set from
# plausible frequencies and then adjusted on the synthetic benchmark. "missing" is neutral.
# Example: a birth date is the same for ~85 % of true pairs and ~1/20,000 of other pairs,
# log2(0.85 × 20,000) ≈ 14; we use 12 since twins and data-entry defaults (01/01) exist.
FAMILY_NAME_WEIGHTS = {"exact": 7.0, "close": 4.0, "different": -4.5, "missing": 0.0}
GIVEN_NAMES_WEIGHTS = {"exact": 6.0, "close": 3.5, "different": -6.0, "missing": 0.0}
BIRTH_DATE_WEIGHTS = {"same": 12.0, "swapped": 8.0, "typo": 3.0, "different": -6.0, "missing": 0.0}
PHONE_WEIGHTS = {"same": 8.0, "different": -1.5, "missing": 0.0}
REARRANGED_NAME_WEIGHT = -0.5  # inverted order or alias: slightly weaker than a straight match
# Prior odds that two records sharing a blocking key are the same person (about 1 in 8,000).
PRIOR_WEIGHT = -13.0

# Two words are "close" from this similarity on (Jaro-Winkler, raised for phonetic matches
# and single typos, see `word_similarity`).
CLOSE_SIMILARITY = 0.88

# Spellings of one given name in several languages that no phonetic rule relates.
_EQUIVALENT_GIVEN_NAMES: tuple[frozenset[str], ...] = tuple(
    frozenset(group.split())
    for group in (
        "youssef yousef youcef yusuf youssouf joseph josef jozef",
        "ibrahim ibrahima abraham",
        "myriam miriam meryem meriem maryam mariam",
        "ekaterina yekaterina katerina catherine katarzyna",
        "aleksandr alexander alexandre oleksandr aleksander",
        "mikhail mykhailo michel michal mihai",
        "elena yelena jelena olena helene",
        "yulia iulia ioulia julia julie",
        "pavel pawel paul",
        "piotr petr pierre peter pieter",
        "andrei andrey andrii andriy andrzej andre",
        "nikolai nikolay mykola nicolas",
        "sergei sergey serguei serhiy serge",
        "moussa musa moise",
        "souleymane suleiman sulayman soulaimane",
        "yacoub yakoub yakub jacob",
        "daoud dawud david",
    )
)
_EQUIVALENT_SIMILARITY = 0.9


@lru_cache(maxsize=262144)
def _word_similarity(first: str, second: str) -> float:
    if first == second:
        return 1.0
    similarity = JaroWinkler.normalized_similarity(first, second)
    key = phonetic_key(first)
    if len(key) >= 2 and key == phonetic_key(second):
        similarity = max(similarity, 0.93)
    if min(len(first), len(second)) >= 4 and OSA.distance(first, second) <= 1:
        similarity = max(similarity, 0.9)
    if any(first in group and second in group for group in _EQUIVALENT_GIVEN_NAMES):
        similarity = max(similarity, _EQUIVALENT_SIMILARITY)
    return similarity


def word_similarity(first: str, second: str) -> float:
    """Similarity of two folded words, 0..1, symmetric.

    Jaro-Winkler, raised to 0.93 when the phonetic keys agree (Youssef/Youcef), to 0.9 for
    one typo (insertion, deletion, substitution or transposition) in words of four letters
    or more, and to 0.9 for known equivalents across languages (Youssef/Joseph).
    """
    return _word_similarity(*sorted((first, second)))


def _bag_similarity(first: tuple[str, ...], second: tuple[str, ...]) -> tuple[float, bool]:
    """(similarity, partial) of two names as bags of words, whatever their order.

    Each word of the shorter name is paired with a distinct word of the longer one, best
    pairs first; the similarity is that of the least similar pair (a name is only as close
    as its most different word: Samira Benjelloun is not Salma Benjelloun), and `partial`
    says that the longer one had words left ("Dupont" within "Dupont-Martin"). Written
    together, the words are also compared whole, so that "Ben Ali" and "Benali" are equal.
    """
    if not first or not second:
        return 0.0, False
    if "".join(first) == "".join(second):
        return 1.0, False
    shorter, longer = sorted((first, second), key=lambda words: (len(words), words))
    pairs = sorted(
        ((word_similarity(a, b), i, j) for i, a in enumerate(shorter) for j, b in enumerate(longer)),
        reverse=True,
    )
    used_short: set[int] = set()
    used_long: set[int] = set()
    worst = 1.0
    for similarity, i, j in pairs:
        if i not in used_short and j not in used_long:
            used_short.add(i)
            used_long.add(j)
            worst = min(worst, similarity)
    similarity, partial = worst, len(shorter) < len(longer)
    # Written together ("Benali" for "Ben Ali", "Elamrani"), with a typo or another spelling at
    # most: plain Jaro-Winkler on long joined strings would forgive a whole different word.
    first_joined, second_joined = "".join(first), "".join(second)
    if similarity < 0.9 and OSA.distance(first_joined, second_joined) <= 1:
        return 0.9, False
    if similarity < 0.93 and phonetic_key(first_joined) == phonetic_key(second_joined):
        return 0.93, False
    return similarity, partial


NameLevel = Literal["exact", "close", "different", "missing"]
_NAME_LEVEL_RANK: tuple[NameLevel, ...] = ("exact", "close", "missing", "different")


def _name_level(first: tuple[str, ...], second: tuple[str, ...]) -> tuple[NameLevel, bool]:
    if not first or not second:
        return "missing", False
    similarity, partial = _bag_similarity(first, second)
    if similarity == 1.0 and not partial:
        return "exact", False
    if similarity >= CLOSE_SIMILARITY:
        return "close", partial
    return "different", False


@dataclass(frozen=True)
class _Prepared:
    given: tuple[str, ...]
    family_forms: tuple[tuple[str, tuple[str, ...]], ...]  # ("family" | "birth", words)
    whole_names: tuple[tuple[str, tuple[str, ...]], ...]  # ("all" | "alias", words)
    birth_date: date | None
    phones: frozenset[str]


@lru_cache(maxsize=65536)
def _prepare(record: PersonRecord) -> _Prepared:
    given = name_tokens(record.given_names)
    family_forms: list[tuple[str, tuple[str, ...]]] = []
    for label, name in (("family", record.family_name), ("birth", record.birth_name)):
        words = name_tokens(name)
        if words and all(words != known for _, known in family_forms):
            family_forms.append((label, words))
    whole_names = [("all", given + words) for _, words in family_forms]
    whole_names += [("alias", name_tokens(alias)) for alias in record.aliases if name_tokens(alias)]
    phones = {normalise_phone(phone) for phone in record.phones}
    return _Prepared(
        given=given,
        family_forms=tuple(family_forms),
        whole_names=tuple(whole_names),
        birth_date=record.birth_date,
        phones=frozenset(phone for phone in phones if phone),
    )


@dataclass(frozen=True)
class _NameOutcome:
    family: NameLevel
    given: NameLevel
    reasons: tuple[str, ...]
    weight: float
    rank: int  # at equal weight, the lowest wins: fields as typed, inverted, whole names


def _name_outcome(family: NameLevel, given: NameLevel, reasons: list[str], rank: int = 0) -> _NameOutcome:
    weight = FAMILY_NAME_WEIGHTS[family] + GIVEN_NAMES_WEIGHTS[given] + (REARRANGED_NAME_WEIGHT if rank else 0.0)
    return _NameOutcome(family, given, tuple(reasons), weight, rank)


_FAMILY_REASONS = {
    "exact": "same family name",
    "close": "similar family names",
    "different": "different family names",
    "missing": "family name missing",
}
_GIVEN_REASONS = {
    "exact": "same given names",
    "close": "similar given names",
    "different": "different given names",
    "missing": "given names missing",
}


def _compare_names(a: _Prepared, b: _Prepared) -> _NameOutcome:
    outcomes: list[_NameOutcome] = []
    given, given_partial = _name_level(a.given, b.given)
    for label_a, family_a in a.family_forms:
        for label_b, family_b in b.family_forms:
            family, family_partial = _name_level(family_a, family_b)
            reasons = [_FAMILY_REASONS[family], _GIVEN_REASONS[given]]
            if family != "different" and {label_a, label_b} == {"family", "birth"}:
                reasons[0] = "family name matches birth name"
            elif family != "different" and label_a == label_b == "birth":
                reasons[0] = "same birth name" if family == "exact" else "similar birth names"
            if family_partial:
                reasons.append("compound family name partly matches")
            if given_partial:
                reasons.append("fewer given names on one record")
            outcomes.append(_name_outcome(family, given, reasons))
            # Given and family names swapped on one record ("DUPONT Marie" typed the wrong way).
            # Which of the two crossed levels counts as the family one must not depend on
            # the order of the records: the better one does.
            crossed = sorted(
                (_name_level(a.given, family_b)[0], _name_level(family_a, b.given)[0]), key=_NAME_LEVEL_RANK.index
            )
            if crossed[1] in ("exact", "close"):
                similar = "same names" if crossed[0] == "exact" else "similar names"
                outcomes.append(
                    _name_outcome(crossed[0], crossed[1], ["names match with inverted order", similar], rank=1)
                )
    # The same words arranged otherwise (a whole name typed in the family-name field), or a
    # known alias ("Momo Benali" for Mohamed Benali).
    for label_a, words_a in a.whole_names:
        for label_b, words_b in b.whole_names:
            if min(len(words_a), len(words_b)) < 2:
                continue
            similarity, partial = _bag_similarity(words_a, words_b)
            if similarity >= CLOSE_SIMILARITY and not partial:
                level: NameLevel = "exact" if similarity == 1.0 else "close"
                alias = "alias" in (label_a, label_b)
                reason = "name matches an alias" if alias else "same name words in another order"
                outcomes.append(_name_outcome(level, level, [reason], rank=2))
    if not outcomes:
        outcomes.append(_name_outcome("missing", given, [_FAMILY_REASONS["missing"], _GIVEN_REASONS[given]]))
    return max(outcomes, key=lambda outcome: (outcome.weight, -outcome.rank, outcome.reasons))


_BIRTH_DATE_REASONS = {
    "same": "same birth date",
    "swapped": "birth date day/month swapped",
    "typo": "birth dates differ by one digit",
    "different": "different birth dates",
    "missing": "birth date missing",
}
_PHONE_REASONS = {"same": "same phone", "different": "different phones", "missing": "phone missing"}


def compare(a: PersonRecord, b: PersonRecord) -> MatchResult:
    """How likely `a` and `b` are the same person, with the reasons. Symmetric."""
    first, second = _prepare(a), _prepare(b)
    names = _compare_names(first, second)

    if first.birth_date is None or second.birth_date is None:
        birth = "missing"
    else:
        birth = birth_date_relation(first.birth_date, second.birth_date)
    if not first.phones or not second.phones:
        phone = "missing"
    else:
        phone = "same" if first.phones & second.phones else "different"

    weight = PRIOR_WEIGHT + names.weight + BIRTH_DATE_WEIGHTS[birth] + PHONE_WEIGHTS[phone]
    score = 1.0 / (1.0 + 2.0**-weight)
    reasons = (*names.reasons, _BIRTH_DATE_REASONS[birth], _PHONE_REASONS[phone])
    return MatchResult(score=score, level=_level(score, names), reasons=reasons)


def _level(score: float, names: _NameOutcome) -> MatchLevel:
    # Twins share family name, birth date and phone: clearly different given names keep a
    # pair at "possible" whatever the other fields say.
    if score >= PROBABLE_THRESHOLD and names.given != "different":
        return "probable"
    if score >= POSSIBLE_THRESHOLD:
        return "possible"
    return "none"


# Phonetic keys are cut to this length in blocking keys, to keep keys short in the index.
_KEY_WORD_LENGTH = 12


def _key(word: str) -> str:
    return phonetic_key(word)[:_KEY_WORD_LENGTH] or word[:_KEY_WORD_LENGTH]


@lru_cache(maxsize=65536)
def blocking_keys(record: PersonRecord) -> frozenset[str]:
    """Short keys, one of which two records must share to be compared.

    Store them in an indexed column (one row per key, up to ~40 characters) and look
    candidates up with `key IN (...)`. Formats, with phonetic keys of words (`phonetic_key`):
    - ``n:<key>+<key>``: a given-name word and a family-name word, sorted, so that inverted
      names share it; for compound names each word and the whole name; birth name too.
      Aliases give every pair of their words.
    - ``y:<key>:<yyyy>``: a family-name word (or the whole family or birth name) and the
      birth year, for given names that differ (Fatima/Fatma) or are missing.
    - ``d:<initial>:<yyyy>-<dd>-<mm>``: the initial of the phonetic key of any name word
      and the birth date with day and month in increasing order, so that a day/month swap
      gives the same key; for family names that changed (married name) or typos in both names.
    - ``g:<key>:<initial>:<yyyy>``: a given-name word, the initial of the family (or birth)
      name and the birth year, for a typo in the family name with another in the day or month.
    - ``p:<E.164>``: each phone number.
    Records whose keys all differ are never compared: a pair with typos in both names,
    no common phone and an altered birth date is missed.
    """
    prepared = _prepare(record)
    given_keys = {_key(word) for word in prepared.given}
    family_keys: set[str] = set()
    for _, words in prepared.family_forms:
        family_keys.update(_key(word) for word in words)
        family_keys.add(_key("".join(words)))
    keys = {f"n:{'+'.join(sorted((g, f)))}" for g in given_keys for f in family_keys}
    for _, words in prepared.whole_names:
        alias_keys = sorted({_key(word) for word in words})
        keys.update(f"n:{g}+{f}" for g, f in combinations(alias_keys, 2))
    if prepared.birth_date is not None:
        year = prepared.birth_date.year
        low, high = sorted((prepared.birth_date.day, prepared.birth_date.month))
        keys.update(f"y:{f}:{year}" for f in family_keys)
        keys.update(f"d:{word[0]}:{year}-{low:02}-{high:02}" for word in given_keys | family_keys)
        initials = {_key(words[0])[0] for _, words in prepared.family_forms}
        keys.update(f"g:{g}:{initial}:{year}" for g in given_keys for initial in initials)
    keys.update(f"p:{phone}" for phone in prepared.phones)
    return frozenset(keys)


def find_matches(record: PersonRecord, candidates: Iterable[PersonRecord]) -> list[tuple[PersonRecord, MatchResult]]:
    """The candidates that may be the same person as `record`, best first.

    Candidates sharing no blocking key with `record`, or scoring "none", are left out, as
    is a candidate with `record`'s own key. Candidates normally come from the index of
    blocking keys, but any iterable works.
    """
    keys = blocking_keys(record)
    matches = []
    for candidate in candidates:
        if candidate.key == record.key or keys.isdisjoint(blocking_keys(candidate)):
            continue
        result = compare(record, candidate)
        if result.level != "none":
            matches.append((candidate, result))
    matches.sort(key=lambda match: (-match[1].score, match[0].key))
    return matches
