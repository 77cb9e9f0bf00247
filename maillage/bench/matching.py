"""Benchmark of cross-agency person matching (run by `make bench`, never by CI).

Generates BENCH_MATCHING_PERSONS synthetic persons (default 5,000), about 20 % of whom are
recorded again with errors (`maillage.cases.matching.synthetic`), then finds the pairs of
records that are the same person:

1. with our matcher: blocking keys in an in-memory index, `compare` on each candidate pair;
2. with Splink (probabilistic record linkage, DuckDB backend): Jaro-Winkler names, birth
   date, phones, EM-trained, blocked on our keys and, separately, on its own rules.

Prints pairwise precision, recall and F1 against the ground truth, and the time taken.
Needs requirements-bench.txt (Splink and DuckDB), installed by `make bench`.
"""

import logging
import os
import time
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import combinations
from typing import Any

from maillage.cases.matching import MatchResult, PersonRecord, blocking_keys, compare, fold_name, normalise_phone
from maillage.cases.matching.scoring import POSSIBLE_THRESHOLD, PROBABLE_THRESHOLD
from maillage.cases.matching.synthetic import SyntheticRecord, generate

PERSONS = int(os.environ.get("BENCH_MATCHING_PERSONS", "5000"))
DUPLICATE_RATE = float(os.environ.get("BENCH_MATCHING_DUPLICATES", "0.2"))
SEED = int(os.environ.get("BENCH_MATCHING_SEED", "2025"))

Pair = tuple[str, str]


def _pair(a: str, b: str) -> Pair:
    return (a, b) if a < b else (b, a)


def true_pairs(records: list[SyntheticRecord]) -> set[Pair]:
    clusters: dict[int, list[str]] = defaultdict(list)
    for item in records:
        clusters[item.cluster].append(item.record.key)
    return {_pair(a, b) for keys in clusters.values() for a, b in combinations(keys, 2)}


@dataclass
class Metrics:
    precision: float
    recall: float
    f1: float
    predicted: int

    def __str__(self) -> str:
        return (
            f"precision {self.precision:6.2%}  recall {self.recall:6.2%}  F1 {self.f1:6.2%}  "
            f"({self.predicted} pairs predicted)"
        )


def metrics(predicted: set[Pair], truth: set[Pair]) -> Metrics:
    correct = len(predicted & truth)
    precision = correct / len(predicted) if predicted else 1.0
    recall = correct / len(truth) if truth else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Metrics(precision, recall, f1, len(predicted))


def candidate_pairs(records: Iterable[PersonRecord]) -> set[Pair]:
    """Pairs sharing a blocking key: what the index lookup returns, record by record."""
    index: dict[str, list[str]] = defaultdict(list)
    for record in records:
        for key in blocking_keys(record):
            index[key].append(record.key)
    return {_pair(a, b) for keys in index.values() for a, b in combinations(keys, 2)}


def best_threshold(scores: dict[Pair, float], truth: set[Pair]) -> tuple[float, Metrics]:
    """The threshold with the best F1, for an oracle comparison (not usable in production)."""
    best = (0.0, metrics(set(), truth))
    for threshold in sorted({round(score, 4) for score in scores.values()}):
        result = metrics({pair for pair, score in scores.items() if score >= threshold}, truth)
        if result.f1 > best[1].f1:
            best = (threshold, result)
    return best


def run_ours(records: list[SyntheticRecord], truth: set[Pair]) -> None:
    by_key = {item.record.key: item.record for item in records}
    started = time.perf_counter()
    candidates = candidate_pairs(by_key.values())
    blocked = time.perf_counter()
    results = {pair: compare(by_key[pair[0]], by_key[pair[1]]) for pair in candidates}
    finished = time.perf_counter()

    probable = {pair for pair, result in results.items() if result.level == "probable"}
    possible = {pair for pair, result in results.items() if result.level != "none"}
    print(f"ours: {len(candidates):,} candidate pairs, blocking recall {len(candidates & truth) / len(truth):.2%}")
    print(
        f"  time: blocking {blocked - started:.2f} s + scoring {finished - blocked:.2f} s = {finished - started:.2f} s"
    )
    print(f"  probable (score ≥ {PROBABLE_THRESHOLD}):            {metrics(probable, truth)}")
    print(f"  possible or probable (score ≥ {POSSIBLE_THRESHOLD}): {metrics(possible, truth)}")
    threshold, best = best_threshold({pair: result.score for pair, result in results.items()}, truth)
    print(f"  best threshold {threshold:.4f} (oracle):       {best}")
    for threshold in (0.2, 0.5, 0.8, 0.9, 0.95, 0.99):
        chosen = {pair for pair, result in results.items() if result.score >= threshold}
        print(f"    score ≥ {threshold:<4}  {metrics(chosen, truth)}")
    report_misses(records, truth - probable, results, "missed (not probable)")
    report_misses(records, probable - truth, results, "wrong probable")


def report_misses(
    records: list[SyntheticRecord], pairs: set[Pair], results: dict[Pair, MatchResult], title: str
) -> None:
    if not os.environ.get("BENCH_MATCHING_VERBOSE"):
        return
    by_key = {item.record.key: item for item in records}
    print(f"  {title}: {len(pairs)}")
    for a, b in sorted(pairs)[:40]:
        result = results.get((a, b))
        print(f"    {by_key[a].errors} {by_key[a].record}")
        print(f"    {by_key[b].errors} {by_key[b].record}")
        print(f"      → {result.score:.3f} {result.reasons}" if result else "      → not blocked together")


def splink_rows(records: list[SyntheticRecord]) -> list[dict[str, object]]:
    """Our records as Splink input: names folded, phones in E.164, keys for blocking."""
    rows: list[dict[str, object]] = []
    for item in records:
        record = item.record
        phones = sorted({phone for raw in record.phones if (phone := normalise_phone(raw))})
        rows.append(
            {
                "unique_id": record.key,
                "given_name": fold_name(record.given_names) or None,
                "family_name": fold_name(record.family_name) or None,
                "birth_name": fold_name(record.birth_name) or None,
                "birth_date": record.birth_date.isoformat() if record.birth_date else None,
                "phones": phones or None,
                "blocking_keys": sorted(blocking_keys(record)),
            }
        )
    return rows


def run_splink(records: list[SyntheticRecord], truth: set[Pair], *, our_blocking: bool) -> None:
    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    logging.getLogger("splink").setLevel(logging.ERROR)
    label = "our blocking keys" if our_blocking else "its own blocking rules"
    started = time.perf_counter()
    blocking_rules: list[Any]
    if our_blocking:
        blocking_rules = [block_on("blocking_keys", arrays_to_explode=["blocking_keys"])]
    else:
        blocking_rules = [
            block_on("family_name", "substr(birth_date, 1, 4)"),
            block_on("given_name", "family_name"),
            block_on("given_name", "birth_date"),
            block_on("family_name", "birth_date"),
            block_on("given_name", "birth_name"),
            block_on("phones", arrays_to_explode=["phones"]),
        ]
    settings = SettingsCreator(
        link_type="dedupe_only",
        comparisons=[
            # Without term-frequency adjustment: with it (full_name, or NameComparison per field) F1 was lower here.
            cl.ForenameSurnameComparison("given_name", "family_name"),
            cl.DateOfBirthComparison("birth_date", input_is_string=True),
            cl.ArrayIntersectAtSizes("phones", [1]),
        ],
        blocking_rules_to_generate_predictions=blocking_rules,
        retain_intermediate_calculation_columns=False,
    )
    db_api = DuckDBAPI()
    table = db_api.register(splink_rows(records))
    linker = Linker(table, settings)
    linker.training.estimate_probability_two_random_records_match(
        [block_on("family_name", "given_name", "birth_date")], recall=0.7
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=2_000_000, seed=1)
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("birth_date"))
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("family_name"))
    predictions = linker.inference.predict(threshold_match_probability=0.01)
    rows = predictions.as_record_list()
    finished = time.perf_counter()

    scores = {_pair(str(row["unique_id_l"]), str(row["unique_id_r"])): float(row["match_probability"]) for row in rows}
    print(f"splink ({label}): {len(scores):,} scored pairs with probability ≥ 0.01, {finished - started:.2f} s")
    for threshold in (0.5, 0.9, 0.99):
        chosen = {pair for pair, score in scores.items() if score >= threshold}
        print(f"  match probability ≥ {threshold:<4}  {metrics(chosen, truth)}")
    threshold, best = best_threshold(scores, truth)
    print(f"  best threshold {threshold:.4f} (oracle): {best}")


def main() -> None:
    started = time.perf_counter()
    records = generate(PERSONS, duplicate_rate=DUPLICATE_RATE, seed=SEED)
    truth = true_pairs(records)
    duplicated = len({item.cluster for item in records if item.errors})
    print(
        f"{PERSONS:,} persons, {len(records):,} records ({duplicated:,} persons recorded more than once), "
        f"{len(truth):,} true pairs; generated in {time.perf_counter() - started:.1f} s"
    )
    run_ours(records, truth)
    try:
        import splink
    except ImportError:
        print("splink is not installed: pip install -r requirements-bench.txt (make bench does)")
        return
    print(f"splink {splink.__version__}")
    run_splink(records, truth, our_blocking=True)
    run_splink(records, truth, our_blocking=False)


if __name__ == "__main__":
    main()
