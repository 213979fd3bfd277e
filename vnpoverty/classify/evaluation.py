"""Honest evaluation: folds grouped by document, thresholds tuned on validation folds only.

Cross-validation here is nested. Outer folds split *documents* (no article has units on both
sides), stratified over their labels with iterative stratification. Inside each outer training
part, inner folds give out-of-fold probabilities on which one decision threshold per label is
tuned; the model refitted on the whole training part is then scored on the outer test fold with
those thresholds. That costs ``inner_splits + 1`` fits per outer fold. For estimators too slow
for that (the fine-tuned encoder), two protocols fit once per outer fold:

- ``thresholds="validation_split"`` fits on all but one inner fold, tunes the thresholds on that
  held-back fold and scores the outer fold with the same model. Slightly pessimistic (the model
  sees three quarters of the training part) and noisy: a rare label may have a handful of
  positives in the held-back fold.
- ``thresholds="cross_fitted"`` fits on the whole training part and, once every outer fold has
  its out-of-fold probabilities, scores each fold with thresholds tuned on the *other* folds'
  out-of-fold probabilities. This mirrors how the shipped model is made (one fit on everything,
  thresholds tuned on all out-of-fold probabilities). Its one leak is mild: the models that
  scored the other folds were trained on this fold's units, so this fold's labels reach its
  thresholds through them, never through its own probabilities.

An estimator made of two parts (``part_probabilities(texts)`` gives both parts' probabilities,
``encoder_weight`` mixes them, as :class:`~vnpoverty.classify.pipelines.AveragedProbabilities`)
gets its mixing weight tuned together with the thresholds, on the same data, from
:data:`ENCODER_WEIGHTS`. Units written for the project are only ever trained on; scores are
computed on real units.
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
    "cross_fit",
    "cross_validate",
    "grouped_folds",
    "label_columns",
    "label_metrics",
    "mix_parts",
    "out_of_fold_probabilities",
    "tune_decision",
    "tune_thresholds",
]

THRESHOLD_GRID = np.round(np.arange(0.05, 0.96, 0.025), 3)
ENCODER_WEIGHTS = np.round(np.arange(0.0, 1.01, 0.1), 2)
"""Mixing weights of a two-part estimator's second part tried when tuning its decision."""
THRESHOLD_PROTOCOLS = ("inner_folds", "validation_split", "cross_fitted")
PROTOCOL_DESCRIPTIONS = {
    "inner_folds": "Thresholds are tuned on inner folds of each training part, never on the "
    "scored fold.",
    "validation_split": "Each outer fold is scored by one model fitted on three quarters of its "
    "training part, with thresholds tuned on the remaining quarter, never on the scored fold.",
    "cross_fitted": "Each outer fold is scored by one model fitted on its whole training part, "
    "with thresholds tuned on the other folds' out-of-fold probabilities, never on the scored "
    "fold's.",
    "none": "No thresholds are tuned (0.5 everywhere).",
}
"""One sentence per threshold protocol, for model cards and benchmark reports."""


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
    grid = np.asarray(grid)
    for column in range(Y.shape[1]):
        truth = np.asarray(Y[:, column]).astype(bool)
        if not truth.any():
            continue
        chosen = np.asarray(P[:, column])[:, None] >= grid  # units x thresholds
        true_positives = (chosen & truth[:, None]).sum(axis=0)
        # F1 = 2 TP / (2 TP + FP + FN) = 2 TP / (chosen + positives)
        scores = 2 * true_positives / (chosen.sum(axis=0) + truth.sum())
        best = np.flatnonzero(np.isclose(scores, scores.max()))
        thresholds[column] = float(np.median(grid[best]))  # the middle of a plateau
    return thresholds


def label_columns(names: Sequence[str], chosen: Sequence[str]) -> list[int]:
    """Column indices of the ``chosen`` labels among ``names``."""
    return [list(names).index(name) for name in chosen]


def mix_parts(parts: np.ndarray, weight: float) -> np.ndarray:
    """Probabilities of a two-part estimator: ``(1 - weight) * parts[0] + weight * parts[1]``."""
    return (1 - weight) * parts[0] + weight * parts[1]


def _scores(model: object, texts: list[str], parts: bool) -> np.ndarray:
    # The parts (2 x texts x labels) when asked for and the model has them, else probabilities.
    if parts and hasattr(model, "part_probabilities"):
        return np.asarray(model.part_probabilities(texts))
    return np.asarray(model.predict_proba(texts))


def tune_decision(
    Y: np.ndarray,
    scores: np.ndarray,
    core_columns: Sequence[int] | None = None,
    weights: np.ndarray = ENCODER_WEIGHTS,
) -> tuple[float | None, np.ndarray]:
    """Decision rule maximising F1 on ``(Y, scores)``: mixing weight (if any) and thresholds.

    Parameters
    ----------
    Y : array (units x labels)
        Binary truth.
    scores : array
        Probabilities (units x labels), or a two-part estimator's part probabilities
        (2 x units x labels).
    core_columns : sequence of int, optional
        Labels whose macro-F1 chooses the weight (default: all).
    weights : array
        Candidate weights of the second part.

    Returns
    -------
    weight : float or None
        The chosen weight (the middle of equally good ones); None for plain probabilities.
    thresholds : numpy.ndarray
        One per label (:func:`tune_thresholds`), at that weight.
    """
    scores = np.asarray(scores)
    if scores.ndim == 2:
        return None, tune_thresholds(Y, scores)
    columns = list(range(Y.shape[1]) if core_columns is None else core_columns)
    candidates = []
    for weight in weights:
        P = mix_parts(scores, float(weight))
        thresholds = tune_thresholds(Y, P)
        quality = f1_score(
            Y[:, columns], P[:, columns] >= thresholds[columns], average="macro", zero_division=0
        )
        candidates.append((quality, float(weight), thresholds))
    qualities = np.array([quality for quality, _, _ in candidates])
    best = np.flatnonzero(np.isclose(qualities, qualities.max()))
    _, weight, thresholds = candidates[best[len(best) // 2]]  # the middle of a plateau
    return weight, thresholds


def out_of_fold_probabilities(
    make_estimator: Callable[[], object],
    texts: np.ndarray,
    Y: np.ndarray,
    rows: np.ndarray,
    folds: list[tuple[np.ndarray, np.ndarray]],
    always_train: np.ndarray | None = None,
    *,
    parts: bool = False,
) -> np.ndarray:
    """Probabilities for ``rows``, each from a model fitted on the other folds.

    ``folds`` index into ``rows``; ``always_train`` rows (written units) join every fit. With
    ``parts``, a two-part estimator gives its part probabilities (2 x rows x labels) instead.
    """
    texts = np.asarray(texts, dtype=object)
    extra = np.asarray([] if always_train is None else always_train, dtype=int)
    scores: np.ndarray | None = None
    for fit_rows, score_rows in folds:
        fit = np.concatenate([rows[fit_rows], extra])
        model = make_estimator().fit(list(texts[fit]), Y[fit])
        fold_scores = _scores(model, list(texts[rows[score_rows]]), parts)
        if scores is None:
            scores = np.zeros((*fold_scores.shape[:-2], len(rows), Y.shape[1]))
        scores[..., score_rows, :] = fold_scores
    return scores


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
    """What :func:`cross_validate` measured, one row per evaluated (real) unit.

    ``probabilities`` are each unit's out-of-fold probabilities (for a two-part estimator, mixed
    at its fold's weight) and ``predicted`` the decisions at its fold's thresholds; ``folds``
    says which outer fold scored each unit. A two-part estimator also leaves
    ``part_probabilities`` (2 x units x labels) and the weight chosen in each fold.
    """

    metrics: pd.DataFrame
    probabilities: np.ndarray
    predicted: np.ndarray
    thresholds: np.ndarray
    no_label_false_positive_rate: float
    evaluated_units: int
    seconds: float = float("nan")
    threshold_protocol: str = "inner_folds"
    folds: np.ndarray | None = None
    part_probabilities: np.ndarray | None = None
    encoder_weights: list[float] | None = None

    @property
    def out_of_fold_scores(self) -> np.ndarray:
        """What a final fit tunes its decision on (:func:`tune_decision`): the part
        probabilities of a two-part estimator, else the probabilities."""
        if self.part_probabilities is not None:
            return self.part_probabilities
        return self.probabilities


def _result(
    Y: np.ndarray,
    scores: np.ndarray,
    folds: np.ndarray,
    decisions: dict[int, tuple[float | None, np.ndarray]],
    names: Sequence[str],
    core: Sequence[str],
    protocol: str,
) -> CrossValidation:
    # Apply each fold's decision (weight, thresholds) to its units' out-of-fold scores.
    parts = scores if scores.ndim == 3 else None
    P = np.zeros(Y.shape, dtype=float)
    predicted = np.zeros(Y.shape, dtype=int)
    for fold, (weight, cut) in decisions.items():
        scored = folds == fold
        P[scored] = scores[scored] if parts is None else mix_parts(parts[:, scored], weight)
        predicted[scored] = (P[scored] >= cut).astype(int)
    weights = [weight for weight, _ in decisions.values()]
    no_label = Y.sum(axis=1) == 0
    false_positive = float((predicted[no_label].sum(axis=1) > 0).mean()) if no_label.any() else 0.0
    return CrossValidation(
        metrics=label_metrics(Y, predicted, names, core),
        probabilities=P,
        predicted=predicted,
        thresholds=np.mean([cut for _, cut in decisions.values()], axis=0),
        no_label_false_positive_rate=false_positive,
        evaluated_units=len(Y),
        threshold_protocol=protocol,
        folds=folds,
        part_probabilities=parts,
        encoder_weights=None if parts is None else [float(w) for w in weights],
    )


def cross_fit(
    Y: np.ndarray,
    scores: np.ndarray,
    folds: np.ndarray,
    names: Sequence[str],
    core: Sequence[str],
) -> CrossValidation:
    """Score out-of-fold output with decisions tuned on the other folds only.

    Parameters
    ----------
    Y : array (units x labels)
        Binary truth of the evaluated units.
    scores : array
        Their out-of-fold probabilities (units x labels), or a two-part estimator's part
        probabilities (2 x units x labels), whose weight is then tuned too.
    folds : array of int
        The outer fold that scored each unit.
    names, core : sequences of str
        Label names (columns of ``Y``) and the core ones.

    Returns
    -------
    CrossValidation
        With protocol ``"cross_fitted"`` (see the module docstring).
    """
    scores = np.asarray(scores, dtype=float)
    folds = np.asarray(folds)
    core_columns = label_columns(names, core)
    decisions = {
        int(fold): tune_decision(Y[folds != fold], scores[..., folds != fold, :], core_columns)
        for fold in np.unique(folds)
    }
    return _result(Y, scores, folds, decisions, names, core, "cross_fitted")


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
        Tune thresholds (and a two-part estimator's weight); without, 0.5 everywhere (the
        keyword baseline).
    thresholds : {"inner_folds", "validation_split", "cross_fitted"}, default "inner_folds"
        How thresholds are tuned for each outer fold (see the module docstring).

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
    Y_real = Y[real]
    outer = grouped_folds(groups[real], Y_real, n_splits=n_splits, seed=seed)
    always_train = np.flatnonzero(~evaluate)
    core_columns = label_columns(names, core)
    folds = np.zeros(len(real), dtype=int)
    scores: np.ndarray | None = None
    decisions = {}

    def fitted(rows: np.ndarray) -> object:
        rows = np.concatenate([rows, always_train])
        return make_estimator().fit(list(texts[rows]), Y[rows])

    with progress_bar(len(outer), "Outer folds", "fold", enable=progress) as bar:
        for fold, (train_real, test_real) in enumerate(outer):
            folds[test_real] = fold
            weight, cut = None, np.full(Y.shape[1], 0.5)
            if tune and thresholds == "validation_split":
                inner = grouped_folds(
                    groups[real[train_real]], Y_real[train_real], inner_splits, seed + 1
                )
                fit_rows, validation_rows = (real[train_real][rows] for rows in inner[0])
                model = fitted(fit_rows)
                weight, cut = tune_decision(
                    Y[validation_rows],
                    _scores(model, list(texts[validation_rows]), parts=True),
                    core_columns,
                )
            else:
                if tune and thresholds == "inner_folds":
                    inner = grouped_folds(
                        groups[real[train_real]], Y_real[train_real], inner_splits, seed + 1
                    )
                    inner_scores = out_of_fold_probabilities(
                        make_estimator, texts, Y, real[train_real], inner, always_train, parts=True
                    )
                    weight, cut = tune_decision(Y_real[train_real], inner_scores, core_columns)
                model = fitted(real[train_real])
            fold_scores = _scores(model, list(texts[real[test_real]]), parts=True)
            if scores is None:
                scores = np.zeros((*fold_scores.shape[:-2], len(real), Y.shape[1]))
            scores[..., test_real, :] = fold_scores
            if fold_scores.ndim == 3 and weight is None:
                weight = model.encoder_weight  # untuned: the estimator's own mixing
            decisions[fold] = (weight, cut)
            bar.update()
    if tune and thresholds == "cross_fitted":
        return cross_fit(Y_real, scores, folds, names, core)
    return _result(Y_real, scores, folds, decisions, names, core, thresholds if tune else "none")
