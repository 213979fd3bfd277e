"""Rank annotated units whose labels are likely wrong (cleanlab), for review.

Inputs (declared): the same annotation inputs as train_classifier.py (--annotations, --written,
--shared, --user, --only-user, --taxonomy; read by vnpoverty.workflows.train_classifier.load_units)
and --approach (default tfidf_syllable: fast).
Output (declared): --out CSV with unit_id, origin, given labels, the labels the model suggests,
and cleanlab's label-quality score (lowest first). No unit text is written.

Example: python training/find_label_issues.py --out label_issues.csv
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from vnpoverty.classify import APPROACHES, build_pipeline, load_taxonomy
from vnpoverty.classify.evaluation import grouped_folds, out_of_fold_probabilities
from vnpoverty.classify.training import TrainingData
from vnpoverty.workflows.train_classifier import load_units


def main(argv: Sequence[str] | None = None) -> int:
    here = Path(__file__).resolve().parent
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--annotations", type=Path, default=here / "annotations" / "units.jsonl")
    parser.add_argument("--written", type=Path, default=here / "annotations" / "written.jsonl")
    parser.add_argument("--shared", type=Path, default=here.parent.parent / "shared")
    parser.add_argument("--user", type=Path, action="append", default=[])
    parser.add_argument("--only-user", action="store_true")
    parser.add_argument("--taxonomy", type=Path, default=None)
    parser.add_argument("--approach", default="tfidf_syllable", choices=APPROACHES[1:])
    parser.add_argument("--top", type=int, default=200, help="how many units to list")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--quiet", action="store_true")
    args = parser.parse_args(argv)

    from cleanlab.filter import find_label_issues
    from cleanlab.multilabel_classification.rank import get_label_quality_scores

    taxonomy = load_taxonomy(args.taxonomy)
    data = TrainingData(load_units(args, taxonomy.names), taxonomy)
    real = np.flatnonzero(data.evaluate)
    folds = grouped_folds(data.groups[real], data.Y[real], n_splits=5, seed=11)
    probabilities = out_of_fold_probabilities(
        lambda: build_pipeline(args.approach),
        np.asarray(data.texts, dtype=object),
        data.Y,
        real,
        folds,
        np.flatnonzero(~data.evaluate),
    )
    given = [list(np.flatnonzero(row)) for row in data.Y[real]]
    issues = find_label_issues(given, probabilities, multi_label=True)
    scores = get_label_quality_scores(given, probabilities)
    names = np.array(taxonomy.names)
    table = pd.DataFrame(
        {
            "unit_id": data.units.loc[real, "unit_id"].to_numpy(),
            "origin": data.units.loc[real, "origin"].to_numpy(),
            "given": [";".join(names[row == 1]) for row in data.Y[real]],
            "suggested": [";".join(names[row >= 0.5]) for row in probabilities],
            "quality": scores,
            "flagged": issues,
        }
    )
    table = table[table["flagged"]].sort_values("quality").head(args.top)
    table.to_csv(args.out, index=False)
    print(
        f"{int(issues.sum())} of {len(real)} real units flagged; {len(table)} written to {args.out}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
