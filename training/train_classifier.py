"""Train the intervention classifier on this repository's annotations (or yours).

Thin wrapper over vnpoverty.workflows.train_classifier (also `vnpoverty train`), which holds the
logic and the full help: this script only supplies the repository's own files as defaults.

Inputs (declared):
  --annotations  stored real units (default: training/annotations/units.jsonl), their text
                 recovered from --shared (default: ../shared beside the checkout)
  --written      units written for the project (default: training/annotations/written.jsonl)
  --first, --second
                 the two labellings, for the agreement table
                 (default: training/annotations/first_labelling.jsonl, second_labelling.jsonl)
  --user         your own annotated text, CSV or JSONL (repeatable; see --only-user)
  --taxonomy     label set (default: the project's)
Outputs (declared):
  --out          the model folder: model.joblib, metadata.json, MODEL_CARD.md,
                 and comparison.json and out_of_fold.csv.gz when approaches are
                 compared (cross_fitted scores the ensemble's parts, combined and
                 finetuned_e5, from its own fits)

Examples:
  python training/train_classifier.py --out models/intervention-v6 \\
      --compared keywords,tfidf_syllable,tfidf_word,embedding,ensemble \\
      --approach ensemble --thresholds cross_fitted
  python training/train_classifier.py --user my_labels.csv --only-user --approach tfidf_word \\
      --no-compare --out my-model
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from vnpoverty.workflows import train_classifier as workflow

HERE = Path(__file__).resolve().parent
DEFAULTS = {
    "annotations": HERE / "annotations" / "units.jsonl",
    "written": HERE / "annotations" / "written.jsonl",
    "first": HERE / "annotations" / "first_labelling.jsonl",
    "second": HERE / "annotations" / "second_labelling.jsonl",
    "shared": HERE.parent.parent / "shared",
}


def main(argv: Sequence[str] | None = None) -> int:
    """Run the training workflow with the repository's annotations as defaults."""
    return workflow.main(argv, defaults=DEFAULTS, prog="training/train_classifier.py")


if __name__ == "__main__":
    sys.exit(main())
