"""Vietnamese stop words for topic modelling of poverty-reduction news.

The list lives in ``vnpoverty/text/data/stopwords_vi.txt`` and has two parts:

- ``general``: function words of any Vietnamese text (pronouns, classifiers, prepositions,
  conjunctions, modal and aspect words, number words, ...);
- ``genre``: the frame of Vietnamese government and news writing (titles, administrative units,
  meetings, reporting verbs, newswire boilerplate) that occurs in every topic and separates none.

Entries are lowercase, Unicode NFC and in underthesea's segmented form, with the syllables of a
word joined by ``_`` ("tuy_nhiên", "bên_cạnh"). Match them against lowercased, segmented tokens.
Segment before lowercasing: underthesea uses capitals to find names, so "Cao Bằng" becomes
"Cao_Bằng", while "cao bằng" is split and "bằng" is a stop word.

Poverty and intervention vocabulary (nghèo, hộ, nhà, vốn, vay, nghề, việc_làm, y_tế, thông_tin,
...) and province names are deliberately not stop words; docs/stopwords.md explains the choices.

Examples
--------
>>> from vnpoverty.text.stopwords import STOP_WORDS, load_stop_words
>>> "tuy_nhiên" in STOP_WORDS, "nghèo" in STOP_WORDS
(True, False)
>>> "hội_nghị" in load_stop_words(include_genre=False)
False
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from importlib.resources import files

__all__ = ["STOP_WORDS", "load_stop_words"]

_DATA_PACKAGE = "vnpoverty.text"
_DATA_PATH = ("data", "stopwords_vi.txt")
_PARTS = ("general", "genre")
_PART_HEADER = re.compile(r"^#\s*===\s*(?P<part>\w+)\s*===\s*$")


@lru_cache(maxsize=1)
def _read_parts() -> dict[str, frozenset[str]]:
    """Read the packaged list once: part name -> its entries."""
    # One joinpath step per part: Python 3.10 Traversables take a single name.
    resource = files(_DATA_PACKAGE)
    for name in _DATA_PATH:
        resource = resource.joinpath(name)
    text = resource.read_text(encoding="utf-8")
    entries: dict[str, list[str]] = {part: [] for part in _PARTS}
    part: str | None = None
    for line_number, raw_line in enumerate(text.splitlines(), start=1):
        line = raw_line.strip()
        header = _PART_HEADER.match(line)
        if header:
            part = header.group("part")
            if part not in entries:
                raise ValueError(
                    f"{'/'.join(_DATA_PATH)} line {line_number}: unknown part {part!r}; "
                    f"expected one of {', '.join(_PARTS)}"
                )
            continue
        if not line or line.startswith("#"):
            continue
        if part is None:
            raise ValueError(
                f"{'/'.join(_DATA_PATH)} line {line_number}: entry {line!r} comes before "
                "the first '# === general ===' or '# === genre ===' header"
            )
        if line != _canonical(line):
            raise ValueError(
                f"{'/'.join(_DATA_PATH)} line {line_number}: entry {line!r} is not lowercase "
                f"NFC with '_' between syllables; write it as {_canonical(line)!r}"
            )
        entries[part].append(line)
    return {part: frozenset(words) for part, words in entries.items()}


def _canonical(word: str) -> str:
    """NFC, lowercase, surrounding space removed, inner whitespace turned into ``_``."""
    return "_".join(unicodedata.normalize("NFC", word).lower().split())


def _as_words(words: Iterable[str], argument: str) -> set[str]:
    """Validate and canonicalise a user-given collection of words."""
    if isinstance(words, (str, bytes)):
        raise TypeError(
            f"{argument} must be a collection of words, not a single string; "
            f"write {argument}=[{words!r}]"
        )
    canonical: set[str] = set()
    for word in words:
        if not isinstance(word, str):
            raise TypeError(
                f"{argument} must contain strings; got {word!r} ({type(word).__name__})"
            )
        token = _canonical(word)
        if not token:
            raise ValueError(f"{argument} contains an empty word; remove it")
        canonical.add(token)
    return canonical


def load_stop_words(
    extra: Iterable[str] = (),
    exclude: Iterable[str] = (),
    include_genre: bool = True,
) -> frozenset[str]:
    """Build a stop-word set from the packaged list.

    Parameters
    ----------
    extra : iterable of str, optional
        Words to add. They are normalised like the list: NFC, lowercase, and spaces between
        syllables turned into ``_`` ("bên cạnh" -> "bên_cạnh").
    exclude : iterable of str, optional
        Words to keep as content words even though the list has them (normalised the same way).
        Applied after ``extra``; words that are not in the set are ignored.
    include_genre : bool, default True
        Include part 2, the genre words of government and news writing (hội_nghị, phát_biểu,
        chủ_tịch, tỉnh, ...). Set False to remove only the general function words, e.g. to let
        a topic model find meeting reports as a topic of their own.

    Returns
    -------
    frozenset of str
        Lowercase, NFC, segmented stop words, to match against lowercased segmented tokens.

    Raises
    ------
    TypeError
        If ``extra`` or ``exclude`` is a single string or holds something other than strings.
    ValueError
        If ``extra`` or ``exclude`` holds an empty word.

    Examples
    --------
    >>> words = load_stop_words(extra=["năm nay"], exclude=["thăm"])
    >>> "năm_nay" in words, "thăm" in words
    (True, False)
    """
    if not isinstance(include_genre, bool):
        raise TypeError(f"include_genre must be True or False, got {include_genre!r}")
    added = _as_words(extra, "extra")
    removed = _as_words(exclude, "exclude")
    parts = _read_parts()
    words = set(parts["general"])
    if include_genre:
        words |= parts["genre"]
    return frozenset((words | added) - removed)


STOP_WORDS: frozenset[str] = load_stop_words()
"""The default stop words: both parts of the packaged list."""
