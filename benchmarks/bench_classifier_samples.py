"""Classifier quality by how the annotated units were sampled.

Most annotated units were chosen to be hard: candidates containing cue phrases, units a model was
unsure about, targeted searches. 530 were drawn at random from the corpus (``sample: random`` in
``training/annotations/units.jsonl``): they show what to expect on text as analysts bring it.
This script runs the same nested, document-grouped cross-validation as training for the shipped
approach and the fast TF-IDF one, and scores each sampling stratum separately.

Usage: ``python benchmarks/bench_classifier_samples.py [--shared ../shared]`` (about 6 minutes).
"""

from __future__ import annotations

import argparse
import importlib.util
import tempfile
from pathlib import Path

import numpy as np
from _results import publish

from vnpoverty.classify import load_taxonomy
from vnpoverty.classify.evaluation import label_metrics
from vnpoverty.classify.training import TrainingData, compare_approaches
from vnpoverty.workflows import train_classifier as workflow

HERE = Path(__file__).resolve().parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--shared", type=Path, default=HERE.parents[1] / "shared")
    parser.add_argument("--approaches", nargs="+", default=["tfidf_syllable", "combined"])
    args = parser.parse_args()
    spec = importlib.util.spec_from_file_location(
        "train_classifier", HERE.parent / "training" / "train_classifier.py"
    )
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    taxonomy = load_taxonomy()
    options = workflow.parse_args(
        ["--out", "unused", "--shared", str(args.shared), "--quiet"], defaults=script.DEFAULTS
    )
    data = TrainingData(workflow.load_units(options, taxonomy.names), taxonomy)
    real = data.units[data.evaluate].reset_index(drop=True)

    with tempfile.TemporaryDirectory() as scratch:
        results = compare_approaches(
            data, args.approaches, cache_path=Path(scratch) / "cache.sqlite", progress=False
        )
    lines, figures = [], {}
    for approach, result in results.items():
        Y = data.Y[data.evaluate]
        for sample, rows in real.groupby("sample").groups.items():
            rows = np.asarray(rows)
            metrics = label_metrics(Y[rows], result.predicted[rows], taxonomy.names, taxonomy.core)
            metrics = metrics.set_index("label")
            no_label = rows[Y[rows].sum(axis=1) == 0]
            fp = (
                float((result.predicted[no_label].sum(axis=1) > 0).mean()) if len(no_label) else 0.0
            )
            core_support = int(Y[rows][:, [taxonomy.names.index(n) for n in taxonomy.core]].sum())
            figures[f"{approach}/{sample}"] = {
                "units": len(rows),
                "core_positives": core_support,
                "macro_f1_core": metrics.loc["macro (core)", "f1"],
                "micro_f1_all": metrics.loc["micro (all)", "f1"],
                "no_label_fp_rate": fp,
            }
            lines.append(
                f"| {approach} | {sample} | {len(rows):,} | {core_support} | "
                f"{metrics.loc['macro (core)', 'f1']:.3f} | {metrics.loc['micro (all)', 'f1']:.3f} | "
                f"{fp:.3f} |"
            )
    markdown = f"""
Nested cross-validation (folds grouped by document, thresholds tuned on inner folds), scored
separately on each way the real units were sampled. `random` is a random draw from the poverty
and background corpora: the distribution analysts' own text will have. Core positives = label
occurrences of the five core labels in that stratum (few in `random`: its F1 is noisy).

| approach | sample | units | core positives | macro-F1 (core) | micro-F1 (all) | FP rate on no-label units |
|---|---|---|---|---|---|---|
{chr(10).join(lines)}
"""
    publish("bench_classifier_samples", figures, markdown)
    print(markdown)


if __name__ == "__main__":
    main()
