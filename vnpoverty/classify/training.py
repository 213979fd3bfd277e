"""Assemble annotated data, compare approaches, train and document the shipped classifier.

``training/train_classifier.py`` is the command-line face of this module.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from vnpoverty._io import atomic_path
from vnpoverty.classify.annotations import label_matrix, text_hash
from vnpoverty.classify.evaluation import (
    PROTOCOL_DESCRIPTIONS,
    CrossValidation,
    cross_fit,
    cross_validate,
    grouped_folds,
    label_columns,
    out_of_fold_probabilities,
    tune_decision,
)
from vnpoverty.classify.model import InterventionClassifier
from vnpoverty.classify.pipelines import (
    APPROACHES,
    ENSEMBLE_PARTS,
    build_pipeline,
    without_caches,
)
from vnpoverty.classify.taxonomy import Taxonomy

__all__ = ["TrainingData", "compare_approaches", "fit_classifier", "model_card"]


@dataclass
class TrainingData:
    """Annotated units ready for scikit-learn.

    ``evaluate`` marks real units (scored in cross-validation); written units are only
    trained on. ``groups`` are documents, kept whole across folds.
    """

    units: pd.DataFrame
    taxonomy: Taxonomy
    Y: np.ndarray = field(init=False)
    evaluate: np.ndarray = field(init=False)

    def __post_init__(self) -> None:
        self.units = self.units.reset_index(drop=True)
        self.Y = label_matrix(self.units["labels"], self.taxonomy.names)
        self.evaluate = (self.units["origin"] != "written").to_numpy()

    @property
    def texts(self) -> list[str]:
        """Unit texts."""
        return self.units["text"].tolist()

    @property
    def groups(self) -> np.ndarray:
        """Document of each unit."""
        return self.units["group"].to_numpy()

    def fingerprint(self) -> str:
        """SHA-256 over unit ids, text hashes and labels: identifies the training data."""
        digest = hashlib.sha256()
        for unit_id, text, labels in self.units[["unit_id", "text", "labels"]].itertuples(
            index=False
        ):
            digest.update(
                f"{unit_id}\t{hashlib.sha256(text.encode()).hexdigest()}\t{','.join(labels)}\n".encode()
            )
        return digest.hexdigest()

    def describe(self) -> dict:
        """Counts of units and positives per label, real and written."""
        real = self.evaluate
        return {
            "units": len(self.units),
            "real_units": int(real.sum()),
            "written_units": int((~real).sum()),
            "documents": int(self.units.loc[real, "group"].nunique()),
            "no_label_real_units": int((self.Y[real].sum(axis=1) == 0).sum()),
            "positives": {
                name: {"real": int(self.Y[real, j].sum()), "written": int(self.Y[~real, j].sum())}
                for j, name in enumerate(self.taxonomy.names)
            },
            "fingerprint": self.fingerprint(),
        }


def compare_approaches(
    data: TrainingData,
    approaches: Sequence[str],
    *,
    cache_path: str | os.PathLike[str] | None = None,
    n_splits: int = 5,
    inner_splits: int = 4,
    thresholds: str = "inner_folds",
    progress: bool = True,
) -> dict[str, CrossValidation]:
    """Nested, document-grouped cross-validation of each approach on the same folds.

    ``thresholds`` is the tuning protocol inside each training part
    (:func:`~vnpoverty.classify.evaluation.cross_validate`). Under ``"cross_fitted"``, an
    ``ensemble`` also yields the results of its two parts (approaches in
    :data:`~vnpoverty.classify.pipelines.ENSEMBLE_PARTS`) at no extra cost, unless they were
    compared themselves. Results come in :data:`~vnpoverty.classify.pipelines.APPROACHES` order.
    """
    results = {}
    for approach in approaches:
        started = time.perf_counter()
        results[approach] = cross_validate(
            lambda approach=approach: build_pipeline(
                approach, taxonomy_path=_taxonomy_path(data), cache_path=cache_path
            ),
            data.texts,
            data.Y,
            data.groups,
            data.evaluate,
            data.taxonomy.names,
            data.taxonomy.core,
            n_splits=n_splits,
            inner_splits=inner_splits,
            tune=approach != "keywords",
            thresholds=thresholds,
            progress=progress,
        )
        results[approach].seconds = time.perf_counter() - started
    ensemble = results.get("ensemble")
    if thresholds == "cross_fitted" and ensemble and ensemble.part_probabilities is not None:
        for part, scores in zip(ENSEMBLE_PARTS, ensemble.part_probabilities, strict=True):
            if part not in results:
                results[part] = cross_fit(
                    data.Y[data.evaluate],
                    scores,
                    ensemble.folds,
                    data.taxonomy.names,
                    data.taxonomy.core,
                )
    return {approach: results[approach] for approach in APPROACHES if approach in results}


def fit_classifier(
    data: TrainingData,
    approach: str,
    *,
    cache_path: str | os.PathLike[str] | None = None,
    n_splits: int = 5,
    out_of_fold: np.ndarray | None = None,
    metadata: dict | None = None,
) -> InterventionClassifier:
    """Fit ``approach`` on all units, its decision tuned on out-of-fold real units.

    The decision is one threshold per label and, for ``ensemble``, the weight of its encoder
    part (:func:`~vnpoverty.classify.evaluation.tune_decision`, the weight chosen by macro-F1
    over the core labels).

    ``out_of_fold`` (one row per real unit, in order) is what a cross-validation of this
    approach already computed (:attr:`CrossValidation.out_of_fold_scores`): probabilities, or
    an ensemble's part probabilities (2 x units x labels). Without it, ``n_splits`` more fits
    compute it.
    """
    real = np.flatnonzero(data.evaluate)
    written = np.flatnonzero(~data.evaluate)
    texts = np.asarray(data.texts, dtype=object)
    weight, thresholds = None, np.full(len(data.taxonomy), 0.5)
    if approach != "keywords":
        if out_of_fold is None:
            folds = grouped_folds(data.groups[real], data.Y[real], n_splits=n_splits, seed=7)
            out_of_fold = out_of_fold_probabilities(
                lambda: build_pipeline(approach, cache_path=cache_path),
                texts,
                data.Y,
                real,
                folds,
                written,
                parts=True,
            )
        if np.shape(out_of_fold)[-2:] != data.Y[real].shape:
            raise ValueError(
                f"out_of_fold has shape {np.shape(out_of_fold)}, the real units "
                f"{data.Y[real].shape}"
            )
        core_columns = label_columns(data.taxonomy.names, data.taxonomy.core)
        weight, thresholds = tune_decision(data.Y[real], out_of_fold, core_columns)
    estimator = build_pipeline(approach, taxonomy_path=_taxonomy_path(data), cache_path=cache_path)
    if weight is not None:
        estimator.set_params(encoder_weight=weight)
    estimator.fit(data.texts, data.Y)
    return InterventionClassifier(
        without_caches(estimator),
        data.taxonomy.names,
        thresholds,
        metadata={
            **(metadata or {}),
            "approach": approach,
            "taxonomy": data.taxonomy.source,
            "data": data.describe(),
            **({} if weight is None else {"encoder_weight": weight}),
        },
    )


def _taxonomy_path(data: TrainingData) -> str | None:
    # The keyword baseline reads its cues from the taxonomy the units are labelled with.
    return None if data.taxonomy.source == "vnpoverty" else data.taxonomy.source


def throughput(classifier: InterventionClassifier, texts: Sequence[str]) -> dict:
    """Paragraphs per second of ``predict_proba`` on texts it has not seen (cold caches)."""
    started = time.perf_counter()
    classifier.predict_proba(list(texts), progress=False)
    seconds = time.perf_counter() - started
    return {
        "paragraphs": len(texts),
        "seconds": round(seconds, 2),
        "paragraphs_per_second": round(len(texts) / seconds, 1),
    }


def comparison_table(results: dict[str, CrossValidation], core: Sequence[str]) -> pd.DataFrame:
    """One row per approach: macro-F1 over core labels, lowest core F1, macro/micro over all."""
    rows = []
    for approach, result in results.items():
        metrics = result.metrics.set_index("label")
        rows.append(
            {
                "approach": approach,
                "macro_f1_core": metrics.loc["macro (core)", "f1"],
                "min_core_f1": metrics.loc[list(core), "f1"].min(),
                "macro_f1_all": metrics.loc["macro (all)", "f1"],
                "micro_f1_all": metrics.loc["micro (all)", "f1"],
                "no_label_fp_rate": result.no_label_false_positive_rate,
                "cv_seconds": round(result.seconds, 1),
            }
        )
    return pd.DataFrame(rows)


def _markdown(frame: pd.DataFrame, digits: int = 3) -> str:
    columns = list(frame.columns)
    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    for row in frame.itertuples(index=False):
        cells = [f"{v:.{digits}f}" if isinstance(v, float) else str(v) for v in row]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def model_card(
    classifier: InterventionClassifier,
    chosen: CrossValidation,
    comparison: pd.DataFrame,
    speed: dict,
    agreement: pd.DataFrame | None = None,
) -> str:
    """The model card: intended use, limits, measured quality and speed."""
    data = classifier.metadata["data"]
    metrics = chosen.metrics.copy()
    metrics["support"] = metrics["support"].map(lambda v: "" if pd.isna(v) else str(int(v)))
    metrics = metrics[["label", "precision", "recall", "f1", "support"]]
    positives = pd.DataFrame(
        [
            {"label": k, "real": v["real"], "written": v["written"]}
            for k, v in data["positives"].items()
        ]
    )
    thresholds = ", ".join(
        f"{label} {t:.2f}"
        for label, t in zip(classifier.labels, classifier.thresholds, strict=True)
    )
    rare = {k: v for k, v in data["positives"].items() if v["real"] < 50}
    rare_text = (
        "- Rare in real text: "
        + ", ".join(
            f"`{k}` ({v['real']} real units, {v['written']} written)" for k, v in rare.items()
        )
        + ". Their scores below are on real units only and rest on few examples, so their\n"
        "  uncertainty is wide.\n"
        if rare
        else ""
    )
    weight = classifier.metadata.get("encoder_weight")
    weight_text = (
        "\nThe fine-tuned encoder's share of the ensemble is tuned together with the thresholds "
        "(by macro-F1 over the core labels) on the same output: chosen per fold "
        f"{', '.join(f'{w:.1f}' for w in chosen.encoder_weights)}; the shipped model's, "
        f"tuned on all out-of-fold output, is {weight:.1f}."
        if weight is not None and chosen.encoder_weights
        else ""
    )
    derived = comparison.loc[comparison["cv_seconds"].isna(), "approach"].tolist()
    derived_text = (
        f"\n\n{', '.join(f'`{name}`' for name in derived)}: the ensemble's parts, scored from "
        "its own fits (no run of their own, so no time)."
        if derived
        else ""
    )
    agreement_text = (
        "\n\nInter-annotator agreement (independent second labelling, before adjudication):\n\n"
        + _markdown(agreement)
        if agreement is not None
        else ""
    )
    return f"""# {classifier.metadata.get("name", "intervention classifier")}

Multi-label classifier that tags Vietnamese paragraphs about poverty reduction with the
interventions they describe, per the vnpoverty taxonomy (labels: {", ".join(classifier.labels)}).
Approach: `{classifier.metadata["approach"]}` (see `vnpoverty/classify/pipelines.py`).

## Intended use
Tagging paragraph units of Vietnamese news and policy text (as produced by
`vnpoverty.load_corpus`) to count and compare interventions across provinces and periods. Read
shares with their uncertainty; inspect the paragraphs behind any surprising figure.

## Limits
- Trained on 2016-2018 national news (VietNews, baomoi), summaries of 2025-2026 national news,
  five 2021-2023 provincial pages and paragraphs written for the project; other genres (legal
  documents, social media, full recent articles) may score lower.
{rare_text}- Labels follow the codebook's boundaries (e.g. awareness campaigns get no label; social
  housing for urban buyers gets no housing label). Annotation was done by language-model annotators
  reading the codebook, with adjudication of every doubtful unit and an independent second
  labelling of a sample (agreement below).
- Texts that are empty or not Vietnamese (share of Vietnamese syllables below
  {classifier.min_vietnamese_share}) get no label.

## Data
{data["real_units"]:,} real units from {data["documents"]:,} documents in `shared/corpus` and
`shared/seeds` (stored as unit id + text hash + labels), {data["no_label_real_units"]:,} of them
with no label, and {data["written_units"]:,} units written for the project. Data fingerprint
`{data["fingerprint"][:16]}`.

{_markdown(positives)}{agreement_text}

## Quality (cross-validation, folds grouped by document, real units only)
{PROTOCOL_DESCRIPTIONS.get(chosen.threshold_protocol, "")}{weight_text}
{chosen.evaluated_units:,} real units scored. False-positive rate on real units with no label
(share that get any label): {chosen.no_label_false_positive_rate:.3f}.

{_markdown(metrics)}

Decision thresholds of the shipped model (tuned on out-of-fold predictions): {thresholds}.

## Approaches compared (same folds)
{_markdown(comparison)}{derived_text}

## Speed
`predict_proba` on {speed["paragraphs"]:,} real paragraphs not seen before (cold caches, one
process, segmentation and embedding included): {speed["paragraphs_per_second"]} paragraphs/s.
"""


def save_json(path: str | os.PathLike[str], payload: dict) -> None:
    """Write JSON next to a model or benchmark (atomically)."""
    with atomic_path(path) as temporary:
        temporary.write_text(
            json.dumps(payload, indent=2, ensure_ascii=False, default=float) + "\n"
        )


def out_of_fold_table(data: TrainingData, results: Mapping[str, CrossValidation]) -> pd.DataFrame:
    """Cross-validated probabilities and predictions of each approach, per real unit.

    A unit is named by id and text hash, never by its text, so the table can sit in a model
    folder beside annotations that hold no text either. Error analysis and quality by sampling
    stratum read it instead of cross-validating again.

    Returns
    -------
    pandas.DataFrame
        One row per (approach, real unit): ``approach``, ``unit_id``, ``text_hash``, ``labels``
        and ``predicted`` (lists of label names), ``sample`` when the units carry it, ``fold``
        (the outer fold that scored the unit) and one ``p_<label>`` column per label.
        :func:`vnpoverty.corpus.save_csv` writes it.
    """
    names = data.taxonomy.names
    units = data.units[data.evaluate]
    frames = []
    for approach, result in results.items():
        frame = pd.DataFrame(
            {
                "approach": approach,
                "unit_id": units["unit_id"].to_numpy(),
                "text_hash": units["text"].map(text_hash).to_numpy(),
                "labels": units["labels"].map(list).to_numpy(),
                "predicted": [
                    [n for n, on in zip(names, row, strict=True) if on] for row in result.predicted
                ],
            }
        )
        if "sample" in units:
            frame["sample"] = units["sample"].to_numpy()
        if result.folds is not None:
            frame["fold"] = result.folds
        probabilities = pd.DataFrame(
            result.probabilities.round(4), columns=[f"p_{name}" for name in names]
        )
        frames.append(pd.concat([frame, probabilities], axis=1))
    return pd.concat(frames, ignore_index=True)
