"""Classifier quality by how the annotated units were sampled.

Most annotated units were chosen to be hard: candidates containing cue phrases, units a model was
unsure about, targeted searches. Some were drawn at random from the corpus (``sample: random`` in
``training/annotations/units.jsonl``): they show what to expect on text as analysts bring it.
This script scores each sampling stratum separately, from the cross-validated predictions that
training wrote into the model folder (``out_of_fold.csv.gz``: the same document-grouped folds
and threshold protocol as the model card), for every approach training compared.

Usage: ``python benchmarks/bench_classifier_samples.py [--model models/NAME]`` (seconds).
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
from _out_of_fold import read_out_of_fold
from _results import publish

from vnpoverty.classify.evaluation import label_metrics
from vnpoverty.classify.model import DEFAULT_MODEL

HERE = Path(__file__).resolve().parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--model", type=Path, default=HERE.parent / "models" / DEFAULT_MODEL)
    parser.add_argument("--approaches", nargs="+", default=None, help="default: all compared")
    args = parser.parse_args()
    out_of_fold = read_out_of_fold(args.model)
    names, core = out_of_fold.names, out_of_fold.core
    approaches = args.approaches or list(dict.fromkeys(out_of_fold.table["approach"]))
    protocol = out_of_fold.metadata.get("threshold_protocol", "see the model card")
    lines, figures = [], {}
    for approach in approaches:
        Y, predicted, _ = out_of_fold.matrices(approach)
        result = out_of_fold.approach(approach)
        for sample, rows in result.groupby("sample").groups.items():
            rows = np.asarray(rows)
            metrics = label_metrics(Y[rows], predicted[rows], names, core).set_index("label")
            no_label = rows[Y[rows].sum(axis=1) == 0]
            fp = float((predicted[no_label].sum(axis=1) > 0).mean()) if len(no_label) else 0.0
            core_support = int(Y[rows][:, [names.index(n) for n in core]].sum())
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
Cross-validated predictions of `{args.model.name}`'s training run (folds grouped by document,
threshold protocol: {protocol}), scored separately on each way the real units were sampled.
`random` is a random draw from the corpora: the distribution analysts' own text will have.
Core positives = label occurrences of the five core labels in that stratum (few in `random`:
its F1 is noisy).

| approach | sample | units | core positives | macro-F1 (core) | micro-F1 (all) | FP rate on no-label units |
|---|---|---|---|---|---|---|
{chr(10).join(lines)}
"""
    publish("bench_classifier_samples", figures, markdown)
    print(markdown)


if __name__ == "__main__":
    main()
