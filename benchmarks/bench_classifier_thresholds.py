"""How much the threshold protocol and the ensemble weight change the cross-validated figures.

Reads the out-of-fold output that training wrote into the model folder (``out_of_fold.csv.gz``)
and scores it, without fitting anything:

- as trained: the decisions the training run's threshold protocol made (``inner_folds``,
  ``validation_split`` or ``cross_fitted``, see :mod:`vnpoverty.classify.evaluation`);
- cross-fitted: each fold's thresholds tuned on the out-of-fold probabilities of the other four
  folds (:func:`~vnpoverty.classify.evaluation.cross_fit`). This is how the shipped model's
  thresholds are chosen (on all out-of-fold probabilities). For a model trained under
  ``cross_fitted`` it repeats the as-trained figures, except for the ensemble, whose weight was
  tuned too;
- when the table holds both parts of the ensemble (``combined`` and ``finetuned_e5``, which a
  ``cross_fitted`` training run derives from the ensemble's own fits), the ensemble at each
  fixed weight of the fine-tuned encoder, and with the weight chosen per fold on the other four.

The outer folds come from the table's ``fold`` column.

Usage: ``python benchmarks/bench_classifier_thresholds.py [--model models/NAME]`` (seconds).
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
from _out_of_fold import read_out_of_fold
from _results import publish

from vnpoverty.classify.evaluation import (
    ENCODER_WEIGHTS,
    cross_fit,
    label_metrics,
    mix_parts,
)
from vnpoverty.classify.model import DEFAULT_MODEL
from vnpoverty.classify.pipelines import ENSEMBLE_PARTS

HERE = Path(__file__).resolve().parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, default=HERE.parent / "models" / DEFAULT_MODEL)
    args = parser.parse_args()
    out_of_fold = read_out_of_fold(args.model)
    names, core = out_of_fold.names, out_of_fold.core
    approaches = list(dict.fromkeys(out_of_fold.table["approach"]))
    first = out_of_fold.approach(approaches[0])
    Y = out_of_fold.matrices(approaches[0])[0]
    if "fold" not in first:
        raise SystemExit(f"{args.model}'s out-of-fold table has no fold column: retrain it")
    folds = first["fold"].to_numpy()

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

    def cross_fitted(scores: np.ndarray) -> np.ndarray:
        return cross_fit(Y, scores, folds, names, core).predicted

    figures, rows = {}, []
    for approach in approaches:
        _, as_trained, P = out_of_fold.matrices(approach)
        figures[approach] = {
            "as_trained": summary(as_trained),
            "cross_fitted": summary(cross_fitted(P)),
        }
    if set(ENSEMBLE_PARTS) <= set(approaches):
        parts = np.stack([out_of_fold.matrices(part)[2] for part in ENSEMBLE_PARTS])
        for weight in ENCODER_WEIGHTS:
            figures[f"ensemble, encoder weight {weight:.1f}"] = {
                "cross_fitted": summary(cross_fitted(mix_parts(parts, weight)))
            }
        chosen = cross_fit(Y, parts, folds, names, core)
        figures["ensemble, weight chosen per fold"] = {
            "cross_fitted": summary(chosen.predicted),
            "weights": chosen.encoder_weights,
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
