"""Honest evaluation: folds grouped by document, thresholds tuned on validation folds only.

Cross-validation here is nested. Outer folds split *documents* (no article has units on both
sides), stratified over their labels with iterative stratification. Inside each outer training
part, inner folds give out-of-fold probabilities on which one decision threshold per label is
tuned; the model refitted on the whole training part is then scored on the outer test fold with
those thresholds. That costs ``inner_splits + 1`` fits per outer fold. For estimators too slow
for that (the fine-tuned encoder), ``thresholds="validation_split"`` fits once per outer fold, on
all but one inner fold, tunes the thresholds on that held-back fold and scores the outer fold with
the same model: cheaper, and slightly pessimistic, since the model sees less data. Units written
for the project are only ever trained on; scores are computed on real units.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from iterstrat.ml_stratifiers import MultilabelStratifiedKFold
from sklearn.metrics import f1_score, precision_score, recall_score

from vnpoverty._progress import progress_bar

__all__ = [
    "CrossValidation",
    "cross_validate",
    "grouped_folds",
    "label_metrics",
    "out_of_fold_probabilities",
    "tune_thresholds",
]

THRESHOLD_GRID = np.round(np.arange(0.05, 0.96, 0.025), 3)
THRESHOLD_PROTOCOLS = ("inner_folds", "validation_split")


def grouped_folds(
    groups: Sequence[str], Y: np.ndarray, n_splits: int = 5, seed: int = 0
) -> list[tuple[np.ndarray, np.ndarray]]:
    """Folds over rows that keep each group (document) whole, stratified by its labels."""
    groups = np.asarray(groups)
    names, inverse = np.unique(groups, return_inverse=True)
    by_group = np.zeros((len(names), Y.shape[1]), dtype=int)
    np.maximum.at(by_group, inverse, Y)
    splitter = MultilabelStratifiedKFold(n_splits=n_splits, shuffle=True, random_state=seed)
    folds = []
    for _, test_groups in splitter.split(np.zeros(len(names)), by_group):
        test = np.isin(inverse, test_groups)
        folds.append((np.flatnonzero(~test), np.flatnonzero(test)))
    return folds


def tune_thresholds(Y: np.ndarray, P: np.ndarray, grid: np.ndarray = THRESHOLD_GRID) -> np.ndarray:
    """One threshold per label maximising F1 on (Y, P); 0.5 for a label with no positives."""
    thresholds = np.full(Y.shape[1], 0.5)
    for column in range(Y.shape[1]):
        if Y[:, column].sum() == 0:
            continue
        scores = [f1_score(Y[:, column], P[:, column] >= t, zero_division=0) for t in grid]
        best = np.flatnonzero(np.isclose(scores, max(scores)))
        thresholds[column] = float(np.median(grid[best]))  # the middle of a plateau
    return thresholds


def out_of_fold_probabilities(
    make_estimator: Callable[[], object],
    texts: np.ndarray,
    Y: np.ndarray,
    rows: np.ndarray,
    folds: list[tuple[np.ndarray, np.ndarray]],
    always_train: np.ndarray | None = None,
) -> np.ndarray:
    """Probabilities for ``rows``, each from a model fitted on the other folds.

    ``folds`` index into ``rows``; ``always_train`` rows (written units) join every fit.
    """
    texts = np.asarray(texts, dtype=object)
    extra = np.asarray([] if always_train is None else always_train, dtype=int)
    P = np.zeros((len(rows), Y.shape[1]))
    for fit_rows, score_rows in folds:
        fit = np.concatenate([rows[fit_rows], extra])
        model = make_estimator().fit(list(texts[fit]), Y[fit])
        P[score_rows] = model.predict_proba(list(texts[rows[score_rows]]))
    return P


def label_metrics(
    Y: np.ndarray, predicted: np.ndarray, names: Sequence[str], core: Sequence[str]
) -> pd.DataFrame:
    """Per-label precision, recall, F1 and support, plus macro (core, all) and micro rows."""
    rows = []
    for column, name in enumerate(names):
        truth, guess = Y[:, column], predicted[:, column]
        rows.append(
            {
                "label": name,
                "core": name in core,
                "precision": precision_score(truth, guess, zero_division=0),
                "recall": recall_score(truth, guess, zero_division=0),
                "f1": f1_score(truth, guess, zero_division=0),
                "support": int(truth.sum()),
            }
        )
    table = pd.DataFrame(rows)
    core_rows = table[table["core"]]
    summary = [
        {"label": "macro (core)", **core_rows[["precision", "recall", "f1"]].mean().to_dict()},
        {"label": "macro (all)", **table[["precision", "recall", "f1"]].mean().to_dict()},
        {
            "label": "micro (all)",
            "precision": precision_score(Y, predicted, average="micro", zero_division=0),
            "recall": recall_score(Y, predicted, average="micro", zero_division=0),
            "f1": f1_score(Y, predicted, average="micro", zero_division=0),
        },
    ]
    return pd.concat([table, pd.DataFrame(summary)], ignore_index=True)


@dataclass
class CrossValidation:
    """What :func:`cross_validate` measured."""

    metrics: pd.DataFrame
    probabilities: np.ndarray
    predicted: np.ndarray
    thresholds: np.ndarray
    no_label_false_positive_rate: float
    evaluated_units: int
    seconds: float = float("nan")
    threshold_protocol: str = "inner_folds"


def cross_validate(
    make_estimator: Callable[[], object],
    texts: Sequence[str],
    Y: np.ndarray,
    groups: Sequence[str],
    evaluate: np.ndarray,
    names: Sequence[str],
    core: Sequence[str],
    *,
    n_splits: int = 5,
    inner_splits: int = 4,
    tune: bool = True,
    thresholds: str = "inner_folds",
    seed: int = 0,
    progress: bool = True,
) -> CrossValidation:
    """Nested, document-grouped cross-validation (see the module docstring).

    Parameters
    ----------
    make_estimator : callable
        Returns a fresh estimator with ``fit(texts, Y)`` and ``predict_proba(texts)``.
    texts, Y, groups : sequences
        Units, their binary label matrix and their document ids.
    evaluate : boolean array
        Rows that may be scored (real units). Other rows (written units) are always trained on.
    names, core : sequences of str
        Label names (columns of ``Y``) and the core ones.
    tune : bool, default True
        Tune thresholds on inner folds; without, 0.5 everywhere (the keyword baseline).
    thresholds : {"inner_folds", "validation_split"}, default "inner_folds"
        How thresholds are tuned inside each outer training part (see the module docstring).

    Returns
    -------
    CrossValidation
        Metrics on the evaluable rows, their out-of-fold probabilities and predictions, and the
        mean of the thresholds tuned in each outer fold.
    """
    if thresholds not in THRESHOLD_PROTOCOLS:
        raise ValueError(f"thresholds must be one of {THRESHOLD_PROTOCOLS}, not {thresholds!r}")
    texts = np.asarray(texts, dtype=object)
    groups = np.asarray(groups)
    evaluate = np.asarray(evaluate, dtype=bool)
    real = np.flatnonzero(evaluate)
    outer = grouped_folds(groups[real], Y[real], n_splits=n_splits, seed=seed)
    always_train = np.flatnonzero(~evaluate)
    P = np.zeros(Y.shape, dtype=float)
    predicted = np.zeros(Y.shape, dtype=int)
    fold_thresholds = []
    with progress_bar(len(outer), "Outer folds", "fold", enable=progress) as bar:
        for train_real, test_real in outer:
            train = np.concatenate([real[train_real], always_train])
            test = real[test_real]
            cut = np.full(Y.shape[1], 0.5)
            if tune and thresholds == "validation_split":
                inner = grouped_folds(
                    groups[real[train_real]], Y[real[train_real]], inner_splits, seed + 1
                )
                fit_rows, validation_rows = (real[train_real][rows] for rows in inner[0])
                model = make_estimator().fit(
                    list(texts[np.concatenate([fit_rows, always_train])]),
                    Y[np.concatenate([fit_rows, always_train])],
                )
                validation = model.predict_proba(list(texts[validation_rows]))
                cut = tune_thresholds(Y[validation_rows], validation)
            else:
                if tune:
                    cut = _inner_thresholds(
                        make_estimator,
                        texts,
                        Y,
                        groups,
                        real[train_real],
                        always_train,
                        inner_splits,
                        seed,
                    )
                model = make_estimator().fit(list(texts[train]), Y[train])
            P[test] = model.predict_proba(list(texts[test]))
            predicted[test] = (P[test] >= cut).astype(int)
            fold_thresholds.append(cut)
            bar.update()
    scored = real
    no_label = scored[Y[scored].sum(axis=1) == 0]
    false_positive = float((predicted[no_label].sum(axis=1) > 0).mean()) if len(no_label) else 0.0
    return CrossValidation(
        metrics=label_metrics(Y[scored], predicted[scored], names, core),
        probabilities=P[scored],
        predicted=predicted[scored],
        thresholds=np.mean(fold_thresholds, axis=0),
        no_label_false_positive_rate=false_positive,
        evaluated_units=len(scored),
        threshold_protocol=thresholds if tune else "none",
    )


def _inner_thresholds(
    make_estimator: Callable[[], object],
    texts: np.ndarray,
    Y: np.ndarray,
    groups: np.ndarray,
    train_real: np.ndarray,
    always_train: np.ndarray,
    inner_splits: int,
    seed: int,
) -> np.ndarray:
    inner = grouped_folds(groups[train_real], Y[train_real], n_splits=inner_splits, seed=seed + 1)
    P = out_of_fold_probabilities(make_estimator, texts, Y, train_real, inner, always_train)
    return tune_thresholds(Y[train_real], P)
