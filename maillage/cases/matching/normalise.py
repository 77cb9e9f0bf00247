"""Normalisation of the fields used to match persons across agencies.

Everything here is pure and deterministic: the same input gives the same output on every
machine, so that keys computed today can be compared with keys stored last year.

- `fold_name`: one spelling per name, whatever the accents, case, hyphens, apostrophes or
  script (Cyrillic, Greek and Arabic letters are transliterated to Latin ones).
- `name_tokens`: the words of a folded name, without particles such as "de" or "el".
- `phonetic_key`: a key equal for names that sound alike in French or are transliterated
  differently (Mohamed/Muhammad, Kuznetsova/Kouznetsova, Aïcha/Aisha).
- `normalise_phone`: E.164 ("+33612345678") or None.
- `birth_date_variants` and `birth_date_relation`: day/month swaps and one-digit typos.
"""

import re
import unicodedata
from datetime import date
from functools import lru_cache
from typing import Literal

import phonenumbers

# Letters that compatibility decomposition (NFKD) does not reduce to a Latin letter plus
# accents. Cyrillic follows the ICAO passport transliteration (used by Russian and Ukrainian
# passports since 2013), Arabic a simple consonant-for-consonant one; the other common
# spellings (French "ou" for у, "tch" for ч, "dj" for ج…) are made equal by `phonetic_key`.
_TRANSLITERATION: dict[str, str] = {
    # Latin letters without a decomposition
    "ß": "ss",
    "æ": "ae",
    "œ": "oe",
    "ø": "o",
    "ł": "l",
    "đ": "d",
    "ð": "d",
    "þ": "th",
    "ı": "i",
    "ŋ": "ng",
    "ħ": "h",
    "ŧ": "t",
    "ƒ": "f",
    "ĸ": "k",
    # Cyrillic (Russian, Ukrainian, Belarusian, Serbian, Macedonian, Bulgarian)
    "а": "a",
    "б": "b",
    "в": "v",
    "г": "g",
    "ґ": "g",
    "д": "d",
    "ђ": "dj",
    "ѓ": "gj",
    "е": "e",
    "ё": "e",
    "є": "ie",
    "ж": "zh",
    "з": "z",
    "ѕ": "dz",
    "и": "i",
    "і": "i",
    "ї": "i",
    "й": "i",
    "ј": "j",
    "к": "k",
    "л": "l",
    "љ": "lj",
    "м": "m",
    "н": "n",
    "њ": "nj",
    "о": "o",
    "п": "p",
    "р": "r",
    "с": "s",
    "т": "t",
    "ћ": "c",
    "ќ": "kj",
    "у": "u",
    "ў": "u",
    "ф": "f",
    "х": "kh",
    "ц": "ts",
    "ч": "ch",
    "џ": "dz",
    "ш": "sh",
    "щ": "shch",
    "ъ": "",
    "ы": "y",
    "ь": "",
    "э": "e",
    "ю": "iu",
    "я": "ia",
    # Greek
    "α": "a",
    "β": "v",
    "γ": "g",
    "δ": "d",
    "ε": "e",
    "ζ": "z",
    "η": "i",
    "θ": "th",
    "ι": "i",
    "κ": "k",
    "λ": "l",
    "μ": "m",
    "ν": "n",
    "ξ": "x",
    "ο": "o",
    "π": "p",
    "ρ": "r",
    "σ": "s",
    "ς": "s",
    "τ": "t",
    "υ": "y",
    "φ": "f",
    "χ": "ch",
    "ψ": "ps",
    "ω": "o",
    # Arabic (short vowels are rarely written, so "محمد" gives "mhmd")
    "ا": "a",
    "ب": "b",
    "ت": "t",
    "ث": "th",
    "ج": "j",
    "ح": "h",
    "خ": "kh",
    "د": "d",
    "ذ": "dh",
    "ر": "r",
    "ز": "z",
    "س": "s",
    "ش": "sh",
    "ص": "s",
    "ض": "d",
    "ط": "t",
    "ظ": "z",
    "ع": "",
    "غ": "gh",
    "ف": "f",
    "ق": "q",
    "ك": "k",
    "ل": "l",
    "م": "m",
    "ن": "n",
    "ه": "h",
    "ة": "a",
    "و": "ou",
    "ي": "i",
    "ى": "a",
    "ء": "",
    "پ": "p",
    "چ": "ch",
    "ڤ": "v",
    "گ": "g",
    "ک": "k",
    "ی": "i",
}
_TRANSLITERATION_TABLE = str.maketrans(_TRANSLITERATION)

# Articles and prepositions that are written, dropped, or glued to the name at will
# ("El Amrani", "Elamrani", "Amrani"; "Van den Broeck", "Vandenbroeck"). "Ben", "Ould" and
# "Aït" are kept: they are part of the name ("Ben Ali" is not "Ali").
NAME_PARTICLES = frozenset({"d", "de", "du", "des", "la", "le", "l", "el", "al", "van", "von", "der", "den", "ter"})


@lru_cache(maxsize=65536)
def fold_name(text: str) -> str:
    """Return the name in lower-case ASCII-like form: no accents, one space between words.

    Case, accents, hyphens, apostrophes and any other punctuation do not matter:
    "Marie-Claire D'ARC" and "marie claire d arc" fold alike. Cyrillic, Greek and Arabic
    letters are transliterated; letters of other scripts are kept as they are.
    """
    folded = _fold_once(text)
    # A few compatibility characters fold into others that fold again; repeating until
    # stable keeps `fold_name` idempotent. Names in Latin, Cyrillic or Arabic need one pass.
    for _ in range(3):
        again = _fold_once(folded)
        if again == folded:
            break
        folded = again
    return folded


def _fold_once(text: str) -> str:
    text = unicodedata.normalize("NFKD", unicodedata.normalize("NFKD", text).casefold())
    text = unicodedata.normalize("NFKD", text.translate(_TRANSLITERATION_TABLE))
    letters = [_letter_or_space(char) for char in text if not unicodedata.combining(char)]
    return " ".join("".join(letters).split())


def _letter_or_space(char: str) -> str:
    # Modifier letters (category Lm) are mostly apostrophes and ayn signs: "Saʿid", "Nʼdiaye".
    return char if char.isalnum() and unicodedata.category(char) != "Lm" else " "


def name_tokens(text: str) -> tuple[str, ...]:
    """The folded words of a name, without particles ("de", "el", "van"…) unless it has nothing else."""
    words = tuple(fold_name(text).split())
    kept = tuple(word for word in words if word not in NAME_PARTICLES)
    return kept or words


# Rewriting rules of `phonetic_key`, applied in this order to one folded word.
_PHONETIC_RULES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), replacement)
    for pattern, replacement in (
        (r"[^a-z]", ""),  # digits and letters of other scripts
        (r"(?<=.)e+$", ""),  # silent final e: Ousmane/Usman, Renée/René
        (r"x", "ks"),  # before "ch" becomes x
        (r"chr", "kr"),  # Christophe
        (r"t?sch|tch|sh|ch|sz|cz", "x"),  # the "sh" sound: Chevtchenko/Shevchenko/Szewczenko, Aïcha/Aisha
        (r"dzh|dj|zh", "j"),  # Djamel/Jamel, Khadidja/Khadija, Zhukov/Joukov
        (r"ph", "f"),
        (r"th", "t"),
        (r"kh", "k"),  # Mikhaïl, Khaled
        (r"gh", "g"),
        (r"ck|qu|q", "k"),
        (r"gu(?=[eiy])", "g"),
        (r"g(?=[eiy])", "j"),  # Georges
        (r"c(?=[eiy])", "s"),  # Youcef/Youssef
        (r"c", "k"),  # Coulibaly/Kulibali
        (r"ts|tz|dz|z", "s"),  # Kuznetsova, Kouznetsova
        (r"w", "v"),
        (r"h", ""),  # silent in French: Mohamed/Mouhamed, Ahmed/Ahmad
        (r"f+$", "v"),  # Ivanoff/Ivanov
        (r"[aeiouy]+", "a"),  # vowels form one class: Mohamed/Muhammad, Dmitri/Dmitriy
        (r"(.)\1+", r"\1"),  # double letters: Mohammed, Youssef
        (r"(?<=..)[tds]$", ""),  # silent final consonant: Dupont/Dupond, Ahmed/Ahmet
    )
)


@lru_cache(maxsize=65536)
def phonetic_key(word: str) -> str:
    """A key equal for words that sound alike in French or are transliterated differently.

    Our own simplification, in the spirit of the French "Soundex 2" and "Phonex": the word
    is folded, spellings of one sound are unified (sh/ch/sch/tch/sz → x, dj/zh → j,
    ph → f, c/q/ck → k or s, z/ts → s, w → v), h is dropped, every run of vowels becomes
    "a", double letters are merged and a silent final t, d or s is dropped. So Mohamed,
    Mohammed, Muhammad and Mouhamad give "mama"; Aïcha and Aisha "axa"; Kuznetsova and
    Kouznetsova "kasnasava". Meant for words (call it on each token). It is deliberately
    coarse (Mahmoud gives "mama" too), so a key match is one piece of evidence among others.
    """
    key = fold_name(word).replace(" ", "")
    for pattern, replacement in _PHONETIC_RULES:
        key = pattern.sub(replacement, key)
    return key


def normalise_phone(raw: str, default_region: str = "FR") -> str | None:
    """The number in E.164 form ("+33612345678"), or None if `raw` is not a valid number.

    `default_region` (ISO 3166 code, "FR" or "BE") tells how to read a number written
    without a country code: "0470 12 34 56" is Belgian for an agency in Belgium.
    Never raises, whatever the text.
    """
    try:
        number = phonenumbers.parse(raw, default_region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _valid_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def birth_date_variants(birth_date: date) -> frozenset[date]:
    """The dates a clerk could have typed instead of `birth_date` by one slip.

    Day and month swapped (03/12 for 12/03), one digit of DDMMYYYY replaced, or two
    neighbouring digits exchanged (1958 for 1985). Only valid dates; never `birth_date`.
    """
    digits = _digits(birth_date)
    variants: set[date | None] = {_valid_date(birth_date.year, birth_date.day, birth_date.month)}
    for position in range(len(digits)):
        for replacement in "0123456789":
            variants.add(_date_from_digits(digits[:position] + replacement + digits[position + 1 :]))
        if position + 1 < len(digits):
            swapped = digits[:position] + digits[position + 1] + digits[position] + digits[position + 2 :]
            variants.add(_date_from_digits(swapped))
    return frozenset(variant for variant in variants if variant is not None and variant != birth_date)


def _digits(day: date) -> str:
    """YYYYMMDD, always eight digits: strftime("%Y") does not pad years before 1000 on glibc."""
    return f"{day.year:04d}{day.month:02d}{day.day:02d}"


def _date_from_digits(digits: str) -> date | None:
    return _valid_date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))


BirthDateRelation = Literal["same", "swapped", "typo", "different"]


def birth_date_relation(first: date, second: date) -> BirthDateRelation:
    """How two birth dates relate: "same", day/month "swapped", one-digit "typo", or "different".

    Symmetric; agrees with `birth_date_variants` (a "swapped" or "typo" date is one of the
    other's variants) without building the variant set.
    """
    if first == second:
        return "same"
    if first.year == second.year and first.day == second.month and first.month == second.day:
        return "swapped"
    a, b = _digits(first), _digits(second)
    differing = [position for position in range(len(a)) if a[position] != b[position]]
    if len(differing) == 1:
        return "typo"
    if len(differing) == 2:
        i, j = differing
        if j == i + 1 and a[i] == b[j] and a[j] == b[i]:
            return "typo"
    return "different"
