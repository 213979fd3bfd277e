"""How much the threshold protocol and the ensemble weight change the cross-validated figures.

Reads the out-of-fold output that training wrote into the model folder (``out_of_fold.csv.gz``)
and scores it three ways, without fitting anything:

- as trained: each outer fold's thresholds were tuned inside its training part (for the
  ``validation_split`` protocol, on one quarter of it: about 800 units, a handful of
  ``information`` positives);
- cross-fitted thresholds: each fold's thresholds tuned on the out-of-fold probabilities of the
  other four folds (about 4,400 units). This is how the shipped model's thresholds are chosen
  (on all out-of-fold probabilities), so it estimates the shipped procedure better;
- for the ``ensemble``, other weights of the fine-tuned encoder. The ensemble's ``combined`` part
  is the same deterministic fit as the compared ``combined`` (same folds, same rows), so the
  encoder's probabilities are ``(ensemble - (1 - w) * combined) / w`` at the trained weight
  ``w``. "nested" chooses the weight and the thresholds on the other four folds only.

The outer folds are recomputed as training made them (documents of the project's units,
seed 0).

Usage: ``python benchmarks/bench_classifier_thresholds.py [--model models/NAME]`` (seconds).
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
from _out_of_fold import read_out_of_fold
from _results import publish

from vnpoverty.classify.annotations import unit_documents
from vnpoverty.classify.evaluation import grouped_folds, label_metrics, tune_thresholds
from vnpoverty.classify.model import DEFAULT_MODEL
from vnpoverty.classify.pipelines import build_pipeline

HERE = Path(__file__).resolve().parent
WEIGHTS = (0.0, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 1.0)


def cross_fitted(Y: np.ndarray, P: np.ndarray, folds) -> np.ndarray:
    """Predictions with each fold's thresholds tuned on the other folds."""
    predicted = np.zeros_like(Y)
    for train, test in folds:
        predicted[test] = (P[test] >= tune_thresholds(Y[train], P[train])).astype(int)
    return predicted


def tuned_score(Y: np.ndarray, P: np.ndarray, names: list[str], core: list[str]) -> float:
    """Core macro-F1 with thresholds tuned on the same rows (to choose among weights)."""
    predicted = (P >= tune_thresholds(Y, P)).astype(int)
    return label_metrics(Y, predicted, names, core).set_index("label").loc["macro (core)", "f1"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, default=HERE.parent / "models" / DEFAULT_MODEL)
    args = parser.parse_args()
    out_of_fold = read_out_of_fold(args.model)
    names, core = out_of_fold.names, out_of_fold.core
    approaches = list(dict.fromkeys(out_of_fold.table["approach"]))
    units = out_of_fold.approach(approaches[0])["unit_id"]
    Y = out_of_fold.matrices(approaches[0])[0]
    folds = grouped_folds(unit_documents(units).to_numpy(), Y, n_splits=5, seed=0)

    def summary(predicted: np.ndarray) -> dict:
        metrics = label_metrics(Y, predicted, names, core).set_index("label")
        no_label = Y.sum(axis=1) == 0
        return {
            "macro_f1_core": float(metrics.loc["macro (core)", "f1"]),
            "min_core_f1": float(metrics.loc[core, "f1"].min()),
            "micro_f1_all": float(metrics.loc["micro (all)", "f1"]),
            "no_label_fp_rate": float((predicted[no_label].sum(axis=1) > 0).mean()),
            **{f"f1_{label}": float(metrics.loc[label, "f1"]) for label in core},
        }

    figures, rows = {}, []
    for approach in approaches:
        _, as_trained, P = out_of_fold.matrices(approach)
        figures[approach] = {
            "as_trained": summary(as_trained),
            "cross_fitted": summary(cross_fitted(Y, P, folds)),
        }
    if {"ensemble", "combined"} <= set(approaches):
        trained = build_pipeline("ensemble").encoder_weight
        ensemble, combined = (
            out_of_fold.matrices("ensemble")[2],
            out_of_fold.matrices("combined")[2],
        )
        encoder = np.clip((ensemble - (1 - trained) * combined) / trained, 0, 1)
        mixed = {w: (1 - w) * combined + w * encoder for w in WEIGHTS}
        for w, P in mixed.items():
            figures[f"ensemble, encoder weight {w:.1f}"] = {
                "cross_fitted": summary(cross_fitted(Y, P, folds))
            }
        nested, chosen = np.zeros_like(Y), []
        for train, test in folds:
            scores = {w: tuned_score(Y[train], mixed[w][train], names, core) for w in WEIGHTS[1:-1]}
            best = max(scores, key=scores.get)
            chosen.append(best)
            P = mixed[best]
            nested[test] = (P[test] >= tune_thresholds(Y[train], P[train])).astype(int)
        figures["ensemble, weight chosen per fold"] = {
            "cross_fitted": summary(nested),
            "weights": chosen,
        }

    for name, result in figures.items():
        for protocol, values in result.items():
            if protocol == "weights":
                continue
            per_label = " | ".join(f"{values[f'f1_{label}']:.3f}" for label in core)
            rows.append(
                f"| {name} | {protocol.replace('_', ' ')} | {values['macro_f1_core']:.3f} | "
                f"{per_label} | {values['micro_f1_all']:.3f} | {values['no_label_fp_rate']:.3f} |"
            )
    chosen_text = ", ".join(
        f"{w:.1f}" for w in figures.get("ensemble, weight chosen per fold", {}).get("weights", [])
    )
    markdown = f"""
`{args.model.name}`'s out-of-fold output ({len(Y):,} real units, 5 document-grouped folds),
scored with the thresholds as trained and with thresholds cross-fitted on the other four
folds; for the ensemble, also with other weights of the fine-tuned encoder (weights chosen
per fold on the other four: {chosen_text or "-"}).

| model | thresholds | macro-F1 (core) | {" | ".join(core)} | micro-F1 (all) | FP rate, no-label units |
|---|---|---|{"---|" * len(core)}---|---|
{chr(10).join(rows)}
"""
    publish("bench_classifier_thresholds", figures, markdown)
    print(markdown)


if __name__ == "__main__":
    main()
