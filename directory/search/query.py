"""Reading what people type into the search box, and widening it with curated synonyms.

The syntax is PostgreSQL's ``websearch_to_tsquery``: words must all match, ``"quoted
phrases"`` match in order, ``-word`` excludes, and ``or`` between words offers a choice.
This module splits the text into those parts so that each word (or known phrase such as
"new mum") can become an OR group with its synonyms. Each part is later handed to
``websearch_to_tsquery`` as a parameter, so PostgreSQL does the lexing and stemming and no
input can produce broken SQL. Everything here is pure Python, so it is tested with
hypothesis against arbitrary text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

# A quoted phrase (the closing quote may be missing, as in websearch_to_tsquery), or a run
# of anything else that is not a space or a quote.
_TOKEN_RE = re.compile(r'(-?)"([^"]*)"?|([^\s"]+)')
# Characters trimmed from the ends of a word before it is compared with synonyms.
_EDGE_PUNCTUATION = ".,;:!?()[]{}'’\"“”<>"
MAX_PHRASE_WORDS = 3


@dataclass(frozen=True)
class Term:
    """One part of a query: a word, a known phrase, or a quoted phrase."""

    text: str
    quoted: bool = False
    negated: bool = False
    alternatives: tuple[str, ...] = ()


Clause = tuple[Term, ...]  # every term must match
Query = tuple[Clause, ...]  # any clause may match


def normalise_phrase(text: str) -> str:
    """The form synonyms are stored and compared in: lower case, single spaces, no edge
    punctuation on each word ('New  Mum!' → 'new mum')."""
    words = (w.strip(_EDGE_PUNCTUATION) for w in str(text).casefold().split())
    return " ".join(w for w in words if w)


def parse(text: str) -> Query:
    """Split search text into OR'd clauses of terms, following websearch_to_tsquery."""
    clauses: list[list[Term]] = [[]]
    for match in _TOKEN_RE.finditer(str(text)):
        minus, phrase, word = match.groups()
        if word is None:
            phrase = " ".join(phrase.split())
            if phrase:
                clauses[-1].append(Term(phrase, quoted=True, negated=bool(minus)))
        elif word.casefold() == "or":
            if clauses[-1]:
                clauses.append([])
        else:
            stripped = word.lstrip("-")
            if stripped:
                clauses[-1].append(Term(stripped, negated=word.startswith("-")))
    return tuple(tuple(c) for c in clauses if c)


def candidate_phrases(query: Query) -> set[str]:
    """Every run of up to MAX_PHRASE_WORDS plain words that could be a synonym's phrase,
    plus a singular guess for plural-looking single words."""
    found: set[str] = set()
    for run in _plain_runs(query):
        words = [normalise_phrase(t.text) for t in run]
        for start in range(len(words)):
            for size in range(1, MAX_PHRASE_WORDS + 1):
                piece = words[start : start + size]
                if len(piece) == size and all(piece):
                    found.add(" ".join(piece))
        found.update(_singular(w) for w in words if _singular(w))
    return found


def expand(query: Query, synonyms: Mapping[str, Iterable[str]]) -> Query:
    """Join words that form a known phrase and attach its alternatives (longest first)."""
    return tuple(_expand_clause(clause, synonyms) for clause in query)


def plain_text(query: Query) -> str:
    """The words people asked for, without syntax or excluded words (for spelling fixes)."""
    return " ".join(t.text for clause in query for t in clause if not t.negated)


def is_exact(query: Query) -> bool:
    """True when a quoted phrase asks for exactly those words, so lookalikes would be wrong."""
    return any(t.quoted and not t.negated for clause in query for t in clause)


def _plain_runs(query: Query) -> Iterable[list[Term]]:
    for clause in query:
        run: list[Term] = []
        for term in clause:
            if term.quoted or term.negated:
                if run:
                    yield run
                run = []
            else:
                run.append(term)
        if run:
            yield run


def _singular(word: str) -> str:
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else ""


def _lookup(words: list[str], synonyms: Mapping[str, Iterable[str]]) -> tuple[str, ...] | None:
    key = " ".join(words)
    if not all(words):
        return None
    if key in synonyms:
        return tuple(synonyms[key])
    if len(words) == 1 and _singular(key) in synonyms:
        return tuple(synonyms[_singular(key)])
    return None


def _expand_clause(clause: Clause, synonyms: Mapping[str, Iterable[str]]) -> Clause:
    out: list[Term] = []
    i = 0
    while i < len(clause):
        term = clause[i]
        if term.quoted or term.negated:
            out.append(term)
            i += 1
            continue
        for size in range(MAX_PHRASE_WORDS, 0, -1):
            group = clause[i : i + size]
            if len(group) < size or any(t.quoted or t.negated for t in group):
                continue
            alternatives = _lookup([normalise_phrase(t.text) for t in group], synonyms)
            if alternatives is not None:
                text = " ".join(t.text for t in group)
                out.append(Term(text, alternatives=alternatives))
                i += size
                break
        else:
            out.append(term)
            i += 1
    return tuple(out)
