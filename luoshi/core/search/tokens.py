"""Text → search tokens, the Lucene CJK way: overlapping bigrams, no word segmenter.

Chinese has no spaces, so words are not cut out; instead every CJK run (a stretch of Han,
kana or hangul characters) becomes its overlapping bigrams: 苹果产业 → 苹果 果产 产业. A
query is cut the same way and all its bigrams must be present, so 苹果 and 产业 both find
苹果产业 while 苹产 does not. Latin letters and digits form runs that become lowercase words
(GDP → gdp). Full-width forms become half-width first (NFKC), and Traditional characters
become Simplified ones (see `script`), for documents and queries alike: 鄉村振興 finds 乡村振兴.

One-character queries (果). A bigram index holds no single characters, so the index side
adds, for each CJK run, the run's last character as a unigram (a one-character run is
just that unigram), and a one-character query becomes a *prefix* term: 果* matches 果产 and
the unigram 果. Every character of a run is either the first character of one of its
bigrams or the run's last character, so a one-character query finds every occurrence; the
cost is one extra token per run, not one per character as indexing every unigram would be.
This is the one place where query and index tokens differ: a query never adds the trailing
unigram, since 苹果 must not require 果 to end a run in the document.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

from luoshi.core.search.script import to_simplified

MAX_QUERY_LENGTH = 100  # characters of the raw query that are read; the rest is cut
MAX_WORD_LENGTH = 64  # a longer Latin/digit run (a hash, base64 noise) is cut to this

# Han (basic, extension A, extension B and beyond, compatibility), 〇, kana and hangul.
_CJK_RANGES = (
    (0x3007, 0x3007),
    (0x3040, 0x30FF),
    (0x3400, 0x4DBF),
    (0x4E00, 0x9FFF),
    (0xAC00, 0xD7AF),
    (0xF900, 0xFAFF),
    (0x20000, 0x3134F),
)


def is_cjk(char: str) -> bool:
    code = ord(char)
    return any(low <= code <= high for low, high in _CJK_RANGES)


def normalize(text: str) -> str:
    """Half-width, lowercase, Simplified: the form that tokens, queries and highlighting
    compare."""
    return to_simplified(unicodedata.normalize("NFKC", text).lower())


@dataclass(frozen=True)
class Run:
    """A maximal stretch of CJK characters, or of Latin letters and digits, in normalized text."""

    text: str
    cjk: bool


def runs(text: str) -> Iterator[Run]:
    """The runs of `text` after normalization; everything else (spaces, punctuation) separates."""
    current: list[str] = []
    current_cjk = False
    for char in normalize(text):
        if is_cjk(char):
            kind: bool | None = True
        elif char.isalnum():
            kind = False
        else:
            kind = None
        if current and kind != current_cjk:
            yield Run("".join(current), current_cjk)
            current = []
        if kind is not None:
            current.append(char)
            current_cjk = kind
    if current:
        yield Run("".join(current), current_cjk)


def bigrams(run: str) -> list[str]:
    return [run[i : i + 2] for i in range(len(run) - 1)]


def index_tokens(text: str) -> list[str]:
    """Tokens to index for `text`, in order: bigrams plus each CJK run's last character."""
    tokens: list[str] = []
    for run in runs(text):
        if run.cjk:
            tokens.extend(bigrams(run.text))
            tokens.append(run.text[-1])
        else:
            tokens.append(run.text[:MAX_WORD_LENGTH])
    return tokens


@dataclass(frozen=True)
class QueryTerm:
    """One term every hit must contain; `prefix` terms match any token starting with `text`."""

    text: str
    prefix: bool = False


@dataclass(frozen=True)
class ParsedQuery:
    terms: tuple[QueryTerm, ...]
    phrases: tuple[str, ...]  # the query's normalized runs, for marking matches in snippets

    def __bool__(self) -> bool:
        return bool(self.terms)


def parse_query(query: str) -> ParsedQuery:
    """The terms of a search box query (all must match). Empty when the query is too short.

    Too short: nothing searchable, or a single Latin letter or digit (it would match almost
    every document). One CJK character is enough (see the module docstring).
    """
    terms: list[QueryTerm] = []
    phrases: list[str] = []
    for run in runs(query[:MAX_QUERY_LENGTH]):
        if run.cjk and len(run.text) == 1:
            candidates = [QueryTerm(run.text, prefix=True)]
        elif run.cjk:
            candidates = [QueryTerm(gram) for gram in bigrams(run.text)]
        else:
            candidates = [QueryTerm(run.text[:MAX_WORD_LENGTH])]
        phrases.append(run.text)
        terms.extend(term for term in candidates if term not in terms)
    if len(phrases) == 1 and len(phrases[0]) == 1 and not is_cjk(phrases[0]):
        return ParsedQuery((), ())
    return ParsedQuery(tuple(terms), tuple(dict.fromkeys(phrases)))
