"""Data shipped with vnpoverty: a demo corpus written for the project.

The demo corpus is 84 short news articles in Vietnamese, written for vnpoverty (not taken from
any outlet; outlets, people and figures are invented): 72 clean articles in a JSONL export and
12 raw scraped pages with menus, comment boxes and related-article teasers, so the cleaning
shows. They cover 32 provinces under the old scheme, dates from 2016 to 2026 (pages after
July 2025 use the new provinces), every intervention label, and many paragraphs with none.
``demo_labels`` holds the label their writers intended for each body paragraph.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pandas as pd

__all__ = ["demo_corpus", "demo_labels"]


def demo_corpus() -> Path:
    """The folder of the demo corpus, ready for :func:`vnpoverty.load_corpus` or ``analyze``."""
    return Path(str(resources.files("vnpoverty") / "data" / "demo"))


def demo_labels() -> pd.DataFrame:
    """Intended labels of the demo corpus's body paragraphs.

    Returns
    -------
    pandas.DataFrame
        ``id`` (article), ``paragraph`` (index among its body paragraphs), ``text`` and
        ``labels`` (list of label names; empty for none). Written with the text, by the same
        people, so it shows how the classifier behaves on clean text, not how it does on
        real news.
    """
    path = resources.files("vnpoverty") / "data" / "demo_labels.jsonl"
    with resources.as_file(path) as file:
        return pd.read_json(file, lines=True)
