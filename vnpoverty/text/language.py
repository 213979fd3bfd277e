"""Is this text Vietnamese? A check by spelling: how many words are well-formed syllables.

Vietnamese is written one syllable per word-token, and its spelling is strict: an onset from a
closed list (``ngh`` only before ``i e ê``, ``k`` only before ``i y e ê`` ...), a rhyme from a
closed list of about 150, and at most one tone mark, which must be sắc or nặng when the
syllable ends in ``p t c ch``. English words, and Vietnamese text that went through a wrong
code page (TCVN3 "Céng", VNI "Coäng", mojibake "Cá»™ng"), break these rules, so the share of
well-formed syllables separates readable Vietnamese from everything else without a dictionary
or a model. :mod:`vnpoverty.text.encoding` uses it to decide which repair, if any, to apply.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from functools import lru_cache

__all__ = ["is_vietnamese", "is_vietnamese_syllable", "vietnamese_share"]

_TONE_MARKS = {"\u0300": 2, "\u0301": 1, "\u0303": 4, "\u0309": 3, "\u0323": 5}
_ACUTE, _DOT_BELOW = 1, 5
_VOWELS = "aăâeêioôơuưy"


def _toned_letters() -> dict[str, tuple[str, int]]:
    """Every lowercase Vietnamese vowel letter -> (letter without tone, tone number 0-5)."""
    table: dict[str, tuple[str, int]] = {}
    for base in _VOWELS:
        table[base] = (base, 0)
        for mark, tone in _TONE_MARKS.items():
            table[unicodedata.normalize("NFC", base + mark)] = (base, tone)
    return table


_LETTERS = _toned_letters()
_CONSONANTS = set("bcdđghklmnpqrstvx")

_ONSETS = (
    "", "b", "c", "ch", "d", "đ", "g", "gh", "gi", "h", "k", "kh", "l", "m", "n", "ng", "ngh",
    "nh", "p", "ph", "qu", "r", "s", "t", "th", "tr", "v", "x",
)  # fmt: skip
# Rhymes as written (medial o/u included), grouped by main vowel. Loan rhymes that have become
# ordinary spelling (xoong, soóc) are in, and "ăk" of the province Đắk Lắk.
_RHYMES = frozenset(
    """
    a ai ao au ay am an ang anh ap at ac ach
    ăm ăn ăng ăp ăt ăc ăk
    âm ân âng âp ât âc âu ây
    e em en eng ep et ec eo
    ê êm ên ênh êp êt êch êu
    i im in inh ip it ich iu ia
    iêm iên iêng iêp iêt iêc iêu
    yêm yên yêng yêt yêu
    o oi om on ong op ot oc oong ooc
    ô ôi ôm ôn ông ôp ôt ôc
    ơ ơi ơm ơn ơp ơt
    u ui um un ung up ut uc ua
    uôi uôm uôn uông uôt uôc
    ư ưi ưm ưn ưng ưt ưc ưu ưa
    ươi ươm ươn ương ươp ươt ươc ươu
    y
    oa oai oay oan oang oanh oat oac oach oam oap oao
    oăn oăng oăt oăc oăm
    oe oen oet oeo
    uân uâng uât uây
    uê uênh uêch
    uơ
    uy uya uyu uynh uych uyt uyên uyêt
    """.split()
)
_STOP_CODAS = ("p", "t", "c", "ch")
_FRONT = set("ieêy")

# A token is a run of anything but whitespace and the punctuation that separates words.
# Symbols that legacy code pages put where letters belong (µ ¸ · × ® ...) stay inside the
# token on purpose: "x·" must read as one broken word, not as the word "x".
_SEPARATORS = (
    re.escape("!\"#$%&'()*+,./:;<=>?@[\\]^_`{|}~-")
    + "\u2010-\u2015\u2018-\u201f\u2026"  # dashes, curly quotes, ellipsis
    + "\u200b-\u200d\u2060\ufeff"  # zero-width spaces and joiners
)
_TOKEN = re.compile(rf"[^\s{_SEPARATORS}]+")
_ACRONYM = re.compile(r"[A-ZĐ]+")


def _onset_fits(onset: str, rhyme: str) -> bool:
    """Spelling rules that tie the onset to the first letter of the rhyme."""
    first = rhyme[:1]
    if onset == "k":
        return first in _FRONT
    if onset in ("c", "ng"):
        return first not in _FRONT
    if onset in ("gh", "ngh"):
        return first in ("i", "e", "ê")
    if onset == "g":
        return first not in ("e", "ê", "y")
    if onset == "gi":
        return first != "i"
    if onset == "":
        return not rhyme.startswith("iê")
    return onset == "qu" or not rhyme.startswith("yê")


def _rhyme_fits(onset: str, rhyme: str) -> bool:
    if onset == "qu":
        # "qu" already holds the medial u: quý = qu + (u)y, quyết = qu + (u)yêt.
        return (
            bool(rhyme) and rhyme[0] not in "uưo" and (rhyme in _RHYMES or "u" + rhyme in _RHYMES)
        )
    if rhyme == "":
        return onset == "gi"  # "gì" read as gi + (i)
    return rhyme in _RHYMES


@lru_cache(maxsize=65536)
def is_vietnamese_syllable(token: str) -> bool:
    """Whether ``token`` is one well-formed Vietnamese syllable (any case, NFC or NFD).

    Both tone-placement conventions are accepted ("hoà" and "hòa"); the spelling of the onset
    and rhyme, the number of tone marks, and the tones allowed before p/t/c/ch are checked.

    Examples
    --------
    >>> [is_vietnamese_syllable(word) for word in ("Nghĩa", "ngĩa", "hát", "hàt", "Céng")]
    [True, False, True, False, False]
    """
    if not isinstance(token, str):
        raise TypeError(f"expected a str, got {type(token).__name__}")
    word = unicodedata.normalize("NFC", token.lower())
    base_letters = []
    tone = 0
    for char in word:
        if char in _CONSONANTS:
            base_letters.append(char)
            continue
        letter = _LETTERS.get(char)
        if letter is None:
            return False
        if letter[1]:
            if tone:
                return False
            tone = letter[1]
        base_letters.append(letter[0])
    base = "".join(base_letters)
    for onset in _ONSETS:
        if not base.startswith(onset):
            continue
        rhyme = base[len(onset) :]
        if not (_rhyme_fits(onset, rhyme) and _onset_fits(onset, rhyme)):
            continue
        if rhyme.endswith(_STOP_CODAS) and tone not in (_ACUTE, _DOT_BELOW):
            continue
        return True
    return False


# What a token counts as in the share: a syllable, a non-syllable, or nothing.
_SYLLABLE, _NOT_SYLLABLE, _IGNORED = 1, 0, -1


@lru_cache(maxsize=65536)
def _token_verdict(token: str) -> int:
    """How :func:`vietnamese_share` counts one token: 1 syllable, 0 not one, -1 ignored."""
    if not any(char.isalpha() for char in token) or any(char.isdigit() for char in token):
        return _IGNORED  # numbers, codes like "COVID-19" and bare symbols say nothing
    if is_vietnamese_syllable(token):
        return _SYLLABLE
    if _ACRONYM.fullmatch(token):
        return _IGNORED  # UBND, WHO, initials: ASCII capitals, alike in every encoding
    return _NOT_SYLLABLE


def _word_tokens(text: str) -> Counter[str]:
    """The tokens of ``text`` as :func:`vietnamese_share` splits it, with their counts."""
    if not isinstance(text, str):
        raise TypeError(
            f"expected text (str), got {type(text).__name__}; decode bytes first "
            "(vnpoverty.text.encoding.decode_bytes) and map missing values to ''"
        )
    return Counter(_TOKEN.findall(text))


def _share_and_count(text: str) -> tuple[float, int]:
    """(share of word tokens that are syllables, number of word tokens counted)."""
    valid = counted = 0
    for token, count in _word_tokens(text).items():
        verdict = _token_verdict(token)
        if verdict != _IGNORED:
            counted += count
            valid += count * verdict
    return (valid / counted if counted else 0.0), counted


def vietnamese_share(text: str) -> float:
    """Share (0..1) of word tokens that are well-formed Vietnamese syllables.

    Tokens are split at whitespace and punctuation; tokens with a digit ("2020", "COVID-19")
    or without a letter are ignored, and so are ASCII capitals that are not syllables
    (acronyms and initials: "UBND", "WHO", "T."). Each remaining token is checked with
    :func:`is_vietnamese_syllable` (onset and rhyme spelling, one tone mark, tone rules).

    Parameters
    ----------
    text : str
        Any text, NFC or NFD.

    Returns
    -------
    float
        0.0 when no token is counted (empty text, only numbers). Readable Vietnamese prose
        scores above 0.8 (foreign names and English terms pull it down a little); English,
        and Vietnamese in a legacy encoding or mojibake, score well below.

    Raises
    ------
    TypeError
        If ``text`` is not a ``str``.

    Examples
    --------
    >>> vietnamese_share("Cộng hoà xã hội chủ nghĩa Việt Nam")
    1.0
    >>> vietnamese_share("Céng hoµ x· héi chñ nghÜa ViÖt Nam") < 0.3
    True
    """
    return _share_and_count(text)[0]


def is_vietnamese(text: str, threshold: float = 0.6, min_tokens: int = 3) -> bool:
    """Whether ``text`` reads as Vietnamese: enough word tokens, enough of them syllables.

    Parameters
    ----------
    text : str
        Any text.
    threshold : float, default 0.6
        Minimum :func:`vietnamese_share`.
    min_tokens : int, default 3
        Minimum number of counted word tokens; shorter texts are not judged (False).

    Returns
    -------
    bool

    Raises
    ------
    TypeError
        If ``text`` is not a ``str``.
    ValueError
        If ``threshold`` is outside 0..1 or ``min_tokens`` is negative.
    """
    if not 0.0 <= threshold <= 1.0:
        raise ValueError(f"threshold must be between 0 and 1, got {threshold!r}")
    if min_tokens < 0:
        raise ValueError(f"min_tokens must be 0 or more, got {min_tokens!r}")
    share, count = _share_and_count(text)
    return count >= max(min_tokens, 1) and share >= threshold
