"""Detection of a person recorded by several agencies (pure Python, no models).

The cases app computes `blocking_keys` for each recorded person and stores them in an
indexed table; when a person is recorded, it loads the persons sharing a key in situations
the user cannot see, builds `PersonRecord`s and calls `find_matches`. Only the existence of
a match and the agency to ask are shown, never the other file.
"""

from maillage.cases.matching.normalise import (
    birth_date_relation,
    birth_date_variants,
    fold_name,
    name_tokens,
    normalise_phone,
    phonetic_key,
)
from maillage.cases.matching.scoring import (
    POSSIBLE_THRESHOLD,
    PROBABLE_THRESHOLD,
    MatchLevel,
    MatchResult,
    PersonRecord,
    blocking_keys,
    compare,
    find_matches,
)

__all__ = [
    "POSSIBLE_THRESHOLD",
    "PROBABLE_THRESHOLD",
    "MatchLevel",
    "MatchResult",
    "PersonRecord",
    "birth_date_relation",
    "birth_date_variants",
    "blocking_keys",
    "compare",
    "find_matches",
    "fold_name",
    "name_tokens",
    "normalise_phone",
    "phonetic_key",
]
