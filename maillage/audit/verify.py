"""Verification of the audit trail: every entry's hash, its link to the one before, no gaps."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from maillage.audit.hashing import GENESIS_HASH, HASHED_COLUMNS, entry_hash
from maillage.audit.models import AuditChainHead, AuditEvent

_COLUMNS = ("id", *HASHED_COLUMNS, "entry_hash")


@dataclass(frozen=True)
class BrokenEntry:
    entry_id: int | None
    chain: str
    position: int
    problem: str

    def __str__(self) -> str:
        where = f"entry id={self.entry_id}" if self.entry_id is not None else "end of trail"
        return f"{where} (chain {self.chain}, position {self.position}): {self.problem}"


@dataclass(frozen=True)
class VerificationResult:
    entries_checked: int
    first_broken: BrokenEntry | None

    @property
    def intact(self) -> bool:
        return self.first_broken is None


def verify_trail(*, since: date | None = None, chunk_size: int = 5000) -> VerificationResult:
    """Walk the trail in chain order, in constant memory, and stop at the first broken entry.

    With `since`, verification starts at that day's first entry, linked to the day before.
    """
    expected_previous = _hash_before(since)
    previous: dict | None = None
    checked = 0
    for row in _rows(since, chunk_size):
        problem = _problem(row, previous, expected_previous)
        if problem:
            return VerificationResult(checked, BrokenEntry(row["id"], row["chain"], row["position"], problem))
        expected_previous = row["entry_hash"]
        previous = row
        checked += 1
    tail_problem = _tail_problem(previous, verifying_all=since is None)
    if tail_problem:
        chain, position = (previous["chain"], previous["position"]) if previous else ("-", 0)
        return VerificationResult(checked, BrokenEntry(None, chain, position, tail_problem))
    return VerificationResult(checked, None)


def _rows(since: date | None, chunk_size: int) -> Iterator[dict]:
    events = AuditEvent.objects.order_by("chain", "position")
    if since is not None:
        events = events.filter(chain__gte=since.isoformat())
    return events.values(*_COLUMNS).iterator(chunk_size=chunk_size)


def _hash_before(since: date | None) -> str:
    if since is None:
        return GENESIS_HASH
    last = AuditEvent.objects.filter(chain__lt=since.isoformat()).order_by("-chain", "-position").first()
    return last.entry_hash if last else GENESIS_HASH


def _problem(row: dict, previous: dict | None, expected_previous: str) -> str:
    continues_chain = previous is not None and previous["chain"] == row["chain"]
    expected_position = previous["position"] + 1 if continues_chain and previous else 1
    if row["position"] != expected_position:
        return f"expected position {expected_position}: entries are missing, inserted or reordered"
    if row["previous_hash"] != expected_previous:
        return "does not link to the entry before it: an entry was removed, inserted or reordered"
    if entry_hash(row) != row["entry_hash"]:
        return "content does not match its hash: the entry was altered or forged"
    return ""


def _tail_problem(last: dict | None, *, verifying_all: bool) -> str:
    head = AuditChainHead.objects.get(pk=1)
    if last is None:
        return "the trail is empty but entries were recorded" if head.position and verifying_all else ""
    if (head.chain, head.position, head.entry_hash) != (last["chain"], last["position"], last["entry_hash"]):
        return (
            f"the last recorded entry was chain {head.chain} position {head.position}: entries at the end were removed"
        )
    return ""
