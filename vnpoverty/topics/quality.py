"""How good are a model's topics? NPMI coherence and topic diversity of their top words.

Both work on plain word lists, so BERTopic, LDA and any other model are scored the same way.
Words may be segmented ("giảm_nghèo") or not; both are matched as phrases of syllables in the
reference documents, each document counted once per word (document co-occurrence, as in
Röder et al. 2015, with the whole paragraph as the window).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import CountVectorizer

__all__ = ["coherence", "diversity"]

_EPSILON = 1e-12


def _key(word: str) -> str:
    return " ".join(word.strip().lower().replace("_", " ").split())


def coherence(
    topics: Sequence[Sequence[str]], documents: Iterable[str], *, top_n: int = 10
) -> list[float]:
    """NPMI coherence of each topic's top words over reference documents.

    Parameters
    ----------
    topics : sequence of sequences of str
        Top words per topic, best first; a word pair ("hộ nghèo") counts as the phrase.
    documents : iterable of str
        Reference documents (e.g. the corpus the model was fitted on), segmented or not.
    top_n : int, default 10
        Words per topic used.

    Returns
    -------
    list of float
        Mean NPMI over the pairs of each topic's words, in [-1, 1]; NaN for a topic with
        fewer than two words. Pairs never seen together score -1.
    """
    word_lists = [[_key(word) for word in topic[:top_n] if word.strip()] for topic in topics]
    vocabulary = sorted({word for words in word_lists for word in words})
    if not vocabulary:
        return [float("nan")] * len(word_lists)
    index = {word: i for i, word in enumerate(vocabulary)}
    longest = max(word.count(" ") + 1 for word in vocabulary)
    # Topic words are segmented words or pairs of them: count each as a phrase of syllables.
    vectorizer = CountVectorizer(
        vocabulary=index,
        tokenizer=str.split,
        token_pattern=None,
        lowercase=False,
        ngram_range=(1, max(1, longest)),
        binary=True,
    )
    phrases = (_key(document) for document in documents)
    presence = sparse.csc_matrix(vectorizer.transform(phrases), dtype=np.float64)
    n_documents = presence.shape[0]
    if n_documents == 0:
        raise ValueError("coherence needs at least one reference document")
    counts = np.asarray(presence.sum(axis=0)).ravel()
    together = (presence.T @ presence).toarray()
    scores = []
    for words in word_lists:
        pairs = list(itertools.combinations([index[w] for w in words], 2))
        if not pairs:
            scores.append(float("nan"))
            continue
        values = []
        for a, b in pairs:
            joint = together[a, b] / n_documents
            if joint <= 0:
                values.append(-1.0)
                continue
            p_a, p_b = counts[a] / n_documents, counts[b] / n_documents
            pmi = np.log(joint / (p_a * p_b))
            values.append(float(pmi / -np.log(joint + _EPSILON)) if joint < 1 else 1.0)
        scores.append(float(np.mean(values)))
    return scores


def diversity(topics: Sequence[Sequence[str]], *, top_n: int = 25) -> float:
    """Share of distinct words among all topics' top words (1.0 = no word repeats).

    As in Dieng et al. (2020); NaN without topics.
    """
    words = [_key(word) for topic in topics for word in topic[:top_n] if word.strip()]
    return len(set(words)) / len(words) if words else float("nan")
