"""Paragraph units: the rows every later stage (tagging, topics, trends) works on.

Sources differ: web pages give one paragraph per line; VietNews gives one sentence per line;
baomoi gives the whole body as one block. A unit is a source paragraph where the source has them,
otherwise a run of two to four sentences (underthesea's sentence splitter), so that units are of a
comparable size whatever the source. Over-long paragraphs are split the same way; headings stay
units of their own; fragments that introduce what follows ("Cụ thể:") join it.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["Unit", "paragraph_units", "split_sentences"]

MAX_SENTENCES = 4
MAX_CHARS = 1200
_SENTENCES_PER_LINE_FOR_SENTENCE_STYLE = 1.3
_HEADING_WORDS = 15
_TERMINAL = re.compile(r"[.!?…][\"”»)]?\s*$")
_SPACE_BEFORE_PUNCT = re.compile(r"\s+([,.;:!?%)\]}…])")
_SPACE_AFTER_OPEN = re.compile(r"([(\[{])\s+")


@dataclass(frozen=True)
class Unit:
    """One paragraph unit: its kind ("body" or "heading") and its text."""

    kind: str
    text: str


def tidy_punctuation(text: str) -> str:
    """Remove spaces before closing punctuation ("12-7 ." -> "12-7.").

    VietNews text was word-segmented and re-joined by its authors, which left a space before
    every punctuation mark; Vietnamese typography never has one.
    """
    return _SPACE_AFTER_OPEN.sub(r"\1", _SPACE_BEFORE_PUNCT.sub(r"\1", text))


def split_sentences(text: str) -> list[str]:
    """Split ``text`` into sentences with underthesea's sentence splitter."""
    from underthesea import sent_tokenize

    if not text.strip():
        return []
    return [sentence.strip() for sentence in sent_tokenize(text) if sentence.strip()]


def _group(sentences: Sequence[str]) -> list[str]:
    # Up to MAX_SENTENCES stay together; beyond, balanced groups of about three sentences
    # (5 -> 3 + 2, 7 -> 3 + 2 + 2), so no unit is a lone trailing sentence.
    if not sentences:
        return []
    count = 1 if len(sentences) <= MAX_SENTENCES else math.ceil(len(sentences) / 3)
    size, extra = divmod(len(sentences), count)
    groups, start = [], 0
    for number in range(count):
        end = start + size + (1 if number < extra else 0)
        groups.append(" ".join(sentences[start:end]))
        start = end
    return [piece for group in groups for piece in _cap_length(group)]


def _cap_length(text: str) -> list[str]:
    # A "sentence" longer than MAX_CHARS (lists joined by semicolons) is cut at clause marks.
    if len(text) <= MAX_CHARS:
        return [text]
    pieces, current = [], ""
    for clause in re.split(r"(?<=[;:])\s+", text):
        if current and len(current) + len(clause) + 1 > MAX_CHARS:
            pieces.append(current)
            current = clause
        else:
            current = f"{current} {clause}".strip()
    if current:
        pieces.append(current)
    return pieces


def _is_heading(line: str) -> bool:
    return (
        len(line.split()) <= _HEADING_WORDS
        and not _TERMINAL.search(line)
        and not line.endswith(":")
    )


def _blocks(lines: Sequence[str]) -> list[list[str]]:
    blocks: list[list[str]] = [[]]
    for line in lines:
        if line.strip():
            blocks[-1].append(line.strip())
        elif blocks[-1]:
            blocks.append([])
    return [block for block in blocks if block]


def paragraph_units(lines: Sequence[str]) -> list[Unit]:
    """Build paragraph units from an article's body lines.

    Parameters
    ----------
    lines : sequence of str
        Body lines in order, ``""`` for a blank line (a paragraph break in the source).

    Returns
    -------
    list of Unit
        Units in reading order. A block of lines that are single sentences (VietNews) is
        regrouped into units of two to four sentences; any other line is a paragraph, split
        into such units when it has more than four sentences or 1,200 characters. A short line
        without final punctuation is a heading. A paragraph that ends with ":" and is short
        joins the next one; a fragment of one word is dropped.
    """
    units: list[Unit] = []
    for block in _blocks([tidy_punctuation(line) for line in lines]):
        sentences_per_line = [split_sentences(line) for line in block]
        mean = sum(map(len, sentences_per_line)) / len(block)
        if len(block) >= 3 and mean <= _SENTENCES_PER_LINE_FOR_SENTENCE_STYLE:
            sentences = [s for line in sentences_per_line for s in line]
            units.extend(Unit("body", text) for text in _group(sentences))
            continue
        for line, sentences in zip(block, sentences_per_line, strict=True):
            if _is_heading(line):
                units.append(Unit("heading", line))
            elif len(sentences) > MAX_SENTENCES or len(line) > MAX_CHARS:
                units.extend(Unit("body", text) for text in _group(sentences))
            else:
                units.append(Unit("body", line))
    return _merge_fragments(units)


def _merge_fragments(units: list[Unit]) -> list[Unit]:
    merged: list[Unit] = []
    carry = ""
    for unit in units:
        text = f"{carry} {unit.text}".strip() if carry else unit.text
        carry = ""
        if len(text.split()) < 2:
            continue
        if text.endswith(":") and len(text.split()) < 25:
            carry = text
            continue
        merged.append(Unit(unit.kind if text == unit.text else "body", text))
    if carry:
        merged.append(Unit("body", carry))
    return merged
