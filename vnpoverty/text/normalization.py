"""Vietnamese text normalisation: Unicode, tone-mark placement, whitespace, stray markup.

Why not ``underthesea.text_normalize`` alone: it re-tokenises its input (a space around every
punctuation mark) and drops line breaks, so the text no longer reads as written and paragraph
structure is lost. Its per-syllable table is right for the syllables it lists; ``normalize`` here
applies one placement rule to every syllable in place instead, and ``benchmarks/bench_text.py``
measures how often the two agree on the shared corpus.
"""

from __future__ import annotations

import html
import re
import unicodedata
from functools import lru_cache

__all__ = ["normalize", "normalize_syllable"]

# Combining tone marks (NFD). Vowel-quality marks (breve, circumflex, horn) are not tones.
_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
_VOWELS = set("aăâeêioôơuưy")
_MARKED_VOWELS = set("ăâêôơư")
_FINALS = {"", "c", "ch", "m", "n", "ng", "nh", "p", "t"}
_ONSETS = {
    "",
    "b",
    "c",
    "ch",
    "d",
    "đ",
    "g",
    "gh",
    "gi",
    "h",
    "k",
    "kh",
    "l",
    "m",
    "n",
    "ng",
    "ngh",
    "nh",
    "p",
    "ph",
    "q",
    "qu",
    "r",
    "s",
    "t",
    "th",
    "tr",
    "v",
    "x",
}

# Invisible characters go; the Icelandic eth, typed for "Đ" on keyboards without it, becomes
# the Vietnamese letter (underthesea's character map does the same).
_CHARACTER_FIXES = {
    **dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None),
    ord("\u00d0"): "\u0110",
    ord("\u00f0"): "\u0111",
}
_SPACES = re.compile(r"[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
_LINE_BREAKS = re.compile(r"\r\n?|[\u2028\u2029\u0085\x0b\x0c]")
_BLOCK_TAGS = re.compile(r"<\s*(?:br|/p|/div|/li|/h[1-6]|/tr)\s*/?\s*>", re.IGNORECASE)
_TAGS = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*(?:\s[^<>]*)?/?>")
_ENTITY = re.compile(r"&(?:#\d+|#x[0-9a-fA-F]+|[a-zA-Z]{2,8});")
_WORD = re.compile(r"[^\W\d_]+")


def normalize(text: str, *, strip_markup: bool = True, fix_encoding: bool = True) -> str:
    """Return ``text`` in the one form the rest of the toolkit expects.

    Steps, in order: legacy-encoding and mojibake repair (see :mod:`vnpoverty.text.encoding`),
    HTML entities decoded (twice-escaped ones too), stray tags removed (block-level tags become
    line breaks), Unicode NFC, invisible characters dropped, tone marks placed on the vowel
    where Vietnamese news convention puts them ("hoà" -> "hòa", "thuỷ" -> "thủy", "Qúy" ->
    "Quý"), runs of spaces collapsed, spaces at line ends removed, more than one blank line
    collapsed to one. Line and paragraph breaks are kept. Spelling is not corrected
    ("nghành" stays), except "Ð" (eth) typed for "Đ".

    Parameters
    ----------
    text : str
        Any text. Words that are not Vietnamese syllables are left as they are.
    strip_markup : bool, default True
        Remove HTML tags left in the text. This is a fallback for stray markup; whole pages
        should go through :func:`vnpoverty.corpus.load_corpus`, which extracts the main text.
    fix_encoding : bool, default True
        Repair text detected as TCVN3, VNI, VISCII or UTF-8 mojibake before anything else.

    Returns
    -------
    str
        The normalised text; ``""`` for empty or whitespace-only input.

    Raises
    ------
    TypeError
        If ``text`` is not a ``str`` (``None`` included): a missing value should be handled
        by the caller, e.g. the scikit-learn transformers map it to ``""``.

    Examples
    --------
    >>> normalize("Thuỷ lợi  hoà bình&nbsp;")
    'Thủy lợi hòa bình'
    """
    if not isinstance(text, str):
        raise TypeError(
            f"normalize() takes a str, got {type(text).__name__}; "
            "replace missing values with '' before normalising"
        )
    if not text:
        return ""
    if fix_encoding:
        from vnpoverty.text.encoding import repair_encoding

        text = repair_encoding(text)
    if "&" in text:
        text = _unescape(text)
    if strip_markup and "<" in text:
        text = _TAGS.sub("", _BLOCK_TAGS.sub("\n", text))
    text = unicodedata.normalize("NFC", text).translate(_CHARACTER_FIXES)
    text = _WORD.sub(lambda match: normalize_syllable(match.group()), text)
    return _tidy_whitespace(text)


def _unescape(text: str) -> str:
    # Pages scraped through two layers of templating arrive as "&amp;nbsp;".
    for _ in range(2):
        if not _ENTITY.search(text):
            break
        text = html.unescape(text)
    return text


def _tidy_whitespace(text: str) -> str:
    text = _LINE_BREAKS.sub("\n", text)
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    text = "\n".join(lines)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip()


@lru_cache(maxsize=65536)
def normalize_syllable(word: str) -> str:
    """Place the tone mark of one Vietnamese syllable by the news convention.

    The rule: a tone sits on the vowel that carries a quality mark (ă â ê ô ơ ư; on ơ in
    "ươ"); otherwise on the last vowel when a final consonant follows; otherwise, in an open
    syllable, on the first of two vowels ("hòa", "thủy", "mùa") and the middle of three
    ("khuỷu", "ngoài"). "qu" and "gi" count as onsets. Case is kept letter by letter.

    Parameters
    ----------
    word : str
        One run of letters, NFC.

    Returns
    -------
    str
        The syllable with its tone mark moved, or ``word`` unchanged when it is not a
        well-formed Vietnamese syllable with exactly one tone mark.
    """
    decomposed = unicodedata.normalize("NFD", word)
    tones = [char for char in decomposed if char in _TONES]
    if len(tones) != 1:
        return word
    bare = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONES))
    lower = bare.lower()
    parsed = _split_syllable(lower)
    if parsed is None:
        return word
    onset, nucleus, final = parsed
    target = len(onset) + _tone_position(nucleus, final)
    char = bare[target]
    toned = unicodedata.normalize("NFC", unicodedata.normalize("NFD", char) + tones[0])
    result = bare[:target] + toned + bare[target + 1 :]
    return unicodedata.normalize("NFC", result)


def _split_syllable(lower: str) -> tuple[str, str, str] | None:
    start = 0
    while start < len(lower) and lower[start] not in _VOWELS:
        start += 1
    onset = lower[:start]
    # "qu" + vowel and "gi" + vowel: the u / i belong to the onset.
    if onset == "q" and lower[start : start + 1] == "u" and len(lower) > start + 1:
        onset, start = "qu", start + 1
    elif onset == "g" and lower[start : start + 1] == "i":
        rest = lower[start + 1 :]
        if rest and rest[0] in _VOWELS:
            onset, start = "gi", start + 1
    end = start
    while end < len(lower) and lower[end] in _VOWELS:
        end += 1
    nucleus, final = lower[start:end], lower[end:]
    if onset not in _ONSETS or final not in _FINALS or not 1 <= len(nucleus) <= 3:
        return None
    return onset, nucleus, final


def _tone_position(nucleus: str, final: str) -> int:
    if "ươ" in nucleus:
        return nucleus.index("ươ") + 1
    marked = [i for i, vowel in enumerate(nucleus) if vowel in _MARKED_VOWELS]
    if marked:
        return marked[-1]
    if final:
        return len(nucleus) - 1
    return 0 if len(nucleus) <= 2 else 1
