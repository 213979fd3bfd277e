"""The pieces handed to BERTopic, built explicitly (its defaults are wrong for Vietnamese).

BERTopic's defaults would download an English sentence model, strip every non-ASCII character
before counting words ("nghèo" becomes "ngho") and count syllables rather than words. Here:

- documents reach BERTopic already normalised, word-segmented ("giảm_nghèo") and lowercased;
- the vectorizer counts those words, without the project's stop words, in 1-2-grams;
- ``language`` is set to "multilingual" so that no ASCII-only cleaning runs;
- the embedding backend is one of ours, wrapped so BERTopic can embed seed phrases and labels.
"""

from __future__ import annotations

import itertools
import math
import re

import numpy as np
from bertopic.backend import BaseEmbedder
from sklearn.feature_extraction.text import CountVectorizer

from vnpoverty.text.stopwords import STOP_WORDS

# A word starts with a letter and has at least two characters: numbers, dates and stray
# punctuation tokens from segmentation are not topic words.
_WORD = re.compile(r"[^\W\d_]\w+")
MIN_DOCUMENTS = 10


class EmbedderBackend(BaseEmbedder):
    """Lets BERTopic embed text (seed phrases, zero-shot labels) with one of our embedders.

    Documents inside BERTopic are segmented; the embedders expect running text, so the
    underscores joining syllables are turned back into spaces first.
    """

    def __init__(self, embedder: object) -> None:
        super().__init__()
        self.embedder = embedder

    def embed(self, documents: list[str], verbose: bool = False) -> np.ndarray:
        return self.embedder.transform([document.replace("_", " ") for document in documents])


class WordsAndPairs:
    """The terms of a segmented text: its words and the pairs of words next to each other.

    Stop words, numbers and punctuation are not terms, and a pair never spans one of them
    (scikit-learn's own stop-word handling drops them *before* pairing, which invents pairs
    such as "hcm hcm" out of "TP.HCM ... TP.HCM").
    """

    def __init__(self, stop_words: frozenset[str] = STOP_WORDS) -> None:
        self.stop_words = stop_words

    def __call__(self, document: str) -> list[str]:
        tokens = [
            token if _WORD.fullmatch(token) and token not in self.stop_words else None
            for token in document.lower().split()
        ]
        terms = [token for token in tokens if token]
        terms += [f"{a} {b}" for a, b in itertools.pairwise(tokens) if a and b]
        return terms


def make_vectorizer() -> CountVectorizer:
    """Counts of segmented words and adjacent word pairs, without stop words."""
    return CountVectorizer(analyzer=WordsAndPairs())


def cluster_sizes(n_documents: int, min_topic_size: int | None) -> dict[str, int]:
    """UMAP and HDBSCAN settings sized from the corpus.

    The smallest topic grows with the square root of the corpus (5 paragraphs at 100, 16 at
    1,000, 50 at 10,000, capped at 100), which keeps the number of topics readable from a few
    hundred paragraphs to hundreds of thousands. Neighbours and dimensions shrink for tiny
    corpora, where UMAP's defaults fail ("k must be less than N").
    """
    if n_documents < MIN_DOCUMENTS:
        raise ValueError(
            f"topic modelling needs at least {MIN_DOCUMENTS} non-empty paragraphs, got "
            f"{n_documents}; give it a larger corpus"
        )
    size = min_topic_size or int(min(100, max(5, round(math.sqrt(n_documents) / 2))))
    if size < 2:
        raise ValueError(f"min_topic_size must be at least 2, got {size}")
    return {
        "min_cluster_size": size,
        "min_samples": max(2, size // 3),
        "n_neighbors": int(min(15, n_documents - 1)),
        "n_components": int(min(5, n_documents - 2)),
    }
