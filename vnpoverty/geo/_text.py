"""Spelling-level helpers for matching place names: NFC with offsets, tone placement, folding.

Place names and the text they are looked for in must be compared in one form. The project's
normaliser (:func:`vnpoverty.text.normalize`) also tidies whitespace and markup, which would
move character offsets; here only the length-preserving parts are used: Unicode NFC (with a
map back to the caller's offsets when the input was decomposed), "Ð" (eth) read as "Đ", and the
tone placement of :func:`vnpoverty.text.normalization.normalize_syllable` ("Hoà" -> "Hòa",
"Thuỷ" -> "Thủy"), applied token by token.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache

_ETH = str.maketrans({"\u00d0": "\u0110", "\u00f0": "\u0111"})
_LETTERS = re.compile(r"[^\W\d_]+")
_APOSTROPHE = re.compile(r"(['’])(\w+)")


@cache
def _normalize_syllable():  # -> Callable[[str], str]
    # Imported on first use: vnpoverty.text pulls in scikit-learn and joblib, which
    # `import vnpoverty.geo` (tables, lookup) does not need.
    from vnpoverty.text.normalization import normalize_syllable

    return normalize_syllable


@lru_cache(maxsize=131072)
def canonical_token(token: str) -> str:
    """Return one NFC token with the news tone placement and "M'Đrắk" read as "M'đrắk".

    Minority-language names are written with either case after the apostrophe ("Ea H'Leo",
    "Ea H'leo"); the part after it is lower-cased so that both spellings meet.
    """
    token = token.translate(_ETH)
    normalize_syllable = _normalize_syllable()
    token = _LETTERS.sub(lambda match: normalize_syllable(match.group()), token)
    if "'" in token or "’" in token:
        token = _APOSTROPHE.sub(lambda match: "'" + match.group(2).lower(), token)
    return token


def canonical_phrase(text: str) -> str:
    """Canonical form of a name: NFC, tone placement, single spaces, dashes dropped.

    "Bà Rịa - Vũng Tàu" and "Bà Rịa Vũng Tàu" both become "Bà Rịa Vũng Tàu"; "Thừa Thiên -
    Huế" becomes "Thừa Thiên Huế". Case is kept.
    """
    text = unicodedata.normalize("NFC", text)
    tokens = re.findall(r"\w+(?:['’]\w+)*", text)
    return " ".join(canonical_token(token) for token in tokens)


def fold(text: str) -> str:
    """Lower-case, remove tone and vowel marks, "đ" -> "d": a key for forgiving look-ups."""
    text = canonical_phrase(text).casefold().replace("đ", "d")
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def nfc_with_offsets(text: str) -> tuple[str, list[int] | None, list[int] | None]:
    """NFC-normalise ``text`` and say where each output character came from.

    Returns
    -------
    tuple
        ``(nfc_text, starts, ends)``. When ``text`` is already NFC (the usual case) the offset
        lists are ``None`` and offsets are unchanged; otherwise ``starts[i]``/``ends[i]`` give
        the span in ``text`` of the cluster that produced character ``i`` of ``nfc_text``.
    """
    if unicodedata.is_normalized("NFC", text):
        return text, None, None
    pieces: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    cluster_start = 0
    for index in range(1, len(text) + 1):
        # A cluster is a base character and the combining marks after it.
        if index < len(text) and unicodedata.combining(text[index]):
            continue
        composed = unicodedata.normalize("NFC", text[cluster_start:index])
        pieces.append(composed)
        starts.extend([cluster_start] * len(composed))
        ends.extend([index] * len(composed))
        cluster_start = index
    return "".join(pieces), starts, ends
