"""The estimators compared for intervention tagging, as scikit-learn objects.

Every approach maps raw paragraph texts to one probability per label:

- ``keywords``: the taxonomy's cue phrases (a baseline that needs no training data);
- ``tfidf_syllable``: TF-IDF over syllable 1-3-grams, then one logistic regression per label;
- ``tfidf_word``: TF-IDF over underthesea-segmented words (1-2-grams), then the same;
- ``embedding``: multilingual-e5-small sentence embeddings, then the same;
- ``combined``: all three feature sets side by side, then the same;
- ``finetuned_e5``: multilingual-e5-small with its top four layers fine-tuned and a linear head
  (:class:`~vnpoverty.classify.encoder.FineTunedE5Classifier`);
- ``ensemble``: the weighted mean of the ``combined`` and ``finetuned_e5`` probabilities (the
  weight is tuned with the thresholds, :func:`~vnpoverty.classify.evaluation.tune_decision`).

The linear models read wording; the fine-tuned encoder reads how a paragraph speaks of support
(delivered or planned, for whom). Their errors differ, so their mean beats either.

Logistic regressions are calibrated (sigmoid, internal cross-validation) so that their
probabilities can be read as such; per-label decision thresholds are tuned separately on
validation folds (:mod:`vnpoverty.classify.evaluation`).
"""

from __future__ import annotations

import os

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.calibration import CalibratedClassifierCV
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.multiclass import OneVsRestClassifier
from sklearn.pipeline import FeatureUnion, Pipeline, make_pipeline
from sklearn.utils.validation import check_is_fitted

from vnpoverty.classify.encoder import FineTunedE5Classifier
from vnpoverty.classify.evaluation import mix_parts
from vnpoverty.classify.taxonomy import load_taxonomy
from vnpoverty.embeddings import E5Embedder
from vnpoverty.text._inputs import as_text_list
from vnpoverty.text.normalization import normalize
from vnpoverty.text.transformers import VietnameseNormalizer, WordSegmenter

__all__ = [
    "APPROACHES",
    "ENSEMBLE_PARTS",
    "AveragedProbabilities",
    "KeywordClassifier",
    "build_pipeline",
    "without_caches",
]

APPROACHES = (
    "keywords",
    "tfidf_syllable",
    "tfidf_word",
    "embedding",
    "combined",
    "finetuned_e5",
    "ensemble",
)
"""The approaches, fastest first (``keywords`` needs no training and sets no thresholds)."""
ENSEMBLE_PARTS = ("combined", "finetuned_e5")
"""The approaches ``ensemble`` averages: its ``lexical`` and ``encoder`` parts."""


class KeywordClassifier(ClassifierMixin, BaseEstimator):
    """Tag a text with every label one of whose cue phrases it contains.

    Parameters
    ----------
    taxonomy_path : str or PathLike, optional
        Taxonomy file whose cues to use; the project's own by default.
    """

    def __init__(self, taxonomy_path: str | os.PathLike[str] | None = None) -> None:
        self.taxonomy_path = taxonomy_path

    def fit(self, X: object, y: object = None) -> KeywordClassifier:
        """Read the taxonomy; the labels in ``y`` (if given) must match its label count."""
        taxonomy = load_taxonomy(self.taxonomy_path)
        self.classes_ = np.array(taxonomy.names)
        self.patterns_ = taxonomy.cue_patterns
        if y is not None and np.asarray(y).shape[1] != len(self.classes_):
            raise ValueError(
                f"y has {np.asarray(y).shape[1]} label columns, the taxonomy {len(self.classes_)}"
            )
        return self

    def predict_proba(self, X: object) -> np.ndarray:
        """1.0 where a cue of the label occurs in the text, else 0.0 (one column per label)."""
        texts = [normalize(text).lower() for text in as_text_list(X)]
        return np.array(
            [
                [
                    1.0 if name in self.patterns_ and self.patterns_[name].search(text) else 0.0
                    for name in self.classes_
                ]
                for text in texts
            ]
        ).reshape(len(texts), len(self.classes_))

    def predict(self, X: object) -> np.ndarray:
        """Binary indicator matrix, one column per label."""
        return (self.predict_proba(X) >= 0.5).astype(int)


class AveragedProbabilities(ClassifierMixin, BaseEstimator):
    """The weighted mean of two multi-label estimators' probabilities.

    Parameters
    ----------
    lexical : estimator
        Fitted on the same texts and labels; ``predict_proba`` gives one column per label.
    encoder : estimator
        Likewise.
    encoder_weight : float, default 0.5
        Weight of ``encoder``; ``lexical`` gets the rest.

    Notes
    -----
    Like a ``Pipeline``'s steps, the two estimators are fitted in place, so that their
    parameters (e.g. cache paths) stay reachable through ``get_params``/``set_params``.
    """

    def __init__(self, lexical: object, encoder: object, encoder_weight: float = 0.5) -> None:
        self.lexical = lexical
        self.encoder = encoder
        self.encoder_weight = encoder_weight

    def fit(self, X: object, y: object) -> AveragedProbabilities:
        """Fit clones of both estimators on ``X`` and ``y``."""
        if not 0.0 <= self.encoder_weight <= 1.0:
            raise ValueError(f"encoder_weight must be in [0, 1], not {self.encoder_weight}")
        texts = as_text_list(X)
        self.lexical.fit(texts, y)
        self.encoder.fit(texts, y)
        self.classes_ = np.arange(np.asarray(y).shape[1])
        return self

    def part_probabilities(self, X: object) -> np.ndarray:
        """Both estimators' probabilities, ``lexical`` first: an array (2 x texts x labels)."""
        check_is_fitted(self, "classes_")
        texts = as_text_list(X)
        return np.stack([self.lexical.predict_proba(texts), self.encoder.predict_proba(texts)])

    def predict_proba(self, X: object) -> np.ndarray:
        """The weighted mean of the two estimators' probabilities."""
        return mix_parts(self.part_probabilities(X), self.encoder_weight)

    def predict(self, X: object) -> np.ndarray:
        """Binary indicator matrix at probability 0.5."""
        return (self.predict_proba(X) >= 0.5).astype(int)


def _head(C: float) -> OneVsRestClassifier:
    # liblinear handles sparse TF-IDF and dense embeddings alike; balanced weights because most
    # labels are rare; sigmoid calibration undoes the probability inflation balancing causes.
    # ensemble=False keeps one regression per label (calibrated on cross-validated scores):
    # a third of the size and prediction time of an ensemble of three.
    regression = LogisticRegression(C=C, class_weight="balanced", solver="liblinear", max_iter=2000)
    calibrated = CalibratedClassifierCV(regression, method="sigmoid", cv=3, ensemble=False)
    return OneVsRestClassifier(calibrated)


def _syllable_tfidf() -> TfidfVectorizer:
    return TfidfVectorizer(
        lowercase=True,
        token_pattern=r"(?u)\b\w+\b",
        ngram_range=(1, 3),
        min_df=2,
        sublinear_tf=True,
        max_features=150_000,
    )


def _word_tfidf(cache_path: str | os.PathLike[str] | None) -> Pipeline:
    return make_pipeline(
        WordSegmenter(lowercase=True, cache_path=cache_path),
        TfidfVectorizer(
            lowercase=False, token_pattern=r"\S+", ngram_range=(1, 2), min_df=2, sublinear_tf=True
        ),
    )


def build_pipeline(
    approach: str,
    *,
    C: float = 4.0,
    taxonomy_path: str | os.PathLike[str] | None = None,
    cache_path: str | os.PathLike[str] | None = None,
) -> Pipeline | KeywordClassifier:
    """A fresh, unfitted estimator for one approach (see the module docstring).

    Parameters
    ----------
    approach : str
        One of :data:`APPROACHES`.
    C : float, default 4.0
        Inverse regularisation strength of the logistic regressions.
    taxonomy_path : str or PathLike, optional
        Taxonomy for the keyword baseline.
    cache_path : str or PathLike, optional
        SQLite file caching segmentations and sentence embeddings across fits. Clear it
        (:func:`without_caches`) before shipping a fitted model to another machine.

    Returns
    -------
    estimator
        ``fit(texts, Y)`` with ``Y`` a binary indicator matrix (texts x labels);
        ``predict_proba(texts)`` returns one probability column per label.
    """
    if approach == "keywords":
        return KeywordClassifier(taxonomy_path=taxonomy_path)
    normalizer = ("normalize", VietnameseNormalizer())
    if approach == "tfidf_syllable":
        return Pipeline([normalizer, ("features", _syllable_tfidf()), ("classify", _head(C))])
    if approach == "tfidf_word":
        return Pipeline([normalizer, ("features", _word_tfidf(cache_path)), ("classify", _head(C))])
    if approach == "embedding":
        embedder = E5Embedder(cache_path=cache_path)
        return Pipeline([normalizer, ("features", embedder), ("classify", _head(C))])
    if approach == "combined":
        features = FeatureUnion(
            [
                ("syllables", _syllable_tfidf()),
                ("words", _word_tfidf(cache_path)),
                ("embedding", E5Embedder(cache_path=cache_path)),
            ]
        )
        return Pipeline([normalizer, ("features", features), ("classify", _head(C))])
    if approach == "finetuned_e5":
        encoder = FineTunedE5Classifier(cache_path=cache_path)
        return Pipeline([normalizer, ("classify", encoder)])
    if approach == "ensemble":
        lexical, encoder = ENSEMBLE_PARTS
        return AveragedProbabilities(
            build_pipeline(lexical, C=C, cache_path=cache_path),
            build_pipeline(encoder, cache_path=cache_path),
        )
    raise ValueError(f"unknown approach {approach!r}; choose one of {', '.join(APPROACHES)}")


def without_caches(estimator: object) -> object:
    """Set every ``cache_path`` parameter of a (nested) estimator to None and return it.

    A cache file is a property of the machine that trained the model, not of the model.
    """
    if hasattr(estimator, "get_params"):
        names = [name for name in estimator.get_params(deep=True) if name.endswith("cache_path")]
        if names:
            estimator.set_params(**dict.fromkeys(names))
    return estimator
