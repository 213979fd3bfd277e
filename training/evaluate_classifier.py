"""Evaluate an intervention classifier on annotated units it was not trained on.

Thin wrapper over vnpoverty.workflows.evaluate_classifier (also `vnpoverty evaluate`), which
holds the logic and the full help: this script only supplies the repository's own files as
defaults.

Inputs (declared):
  --model        a classifier folder (default: the model shipped with vnpoverty)
  --annotations  your annotated units, CSV or JSONL with `text` and `labels` (repeatable)
  --units        stored units, JSONL of {unit_id, text_hash, labels} (repeatable)
  --shared       the folder holding corpus/ and seeds/ (default: ../shared beside the checkout)
  --trained-on   annotation files the model was trained on (repeatable; default:
                 training/annotations/units.jsonl and written.jsonl)
Outputs (declared):
  --out          metrics.json and per_unit.csv

Exit codes: 0 evaluated; 2 bad input.

Examples:
  python training/evaluate_classifier.py --annotations held_out.csv --out eval/
  python training/evaluate_classifier.py --model my-model --annotations test.jsonl \\
      --trained-on train.csv --drop-overlap --out eval/
  python training/evaluate_classifier.py --units new_units.jsonl --shared ../shared --out eval/
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from vnpoverty.workflows import evaluate_classifier as workflow

HERE = Path(__file__).resolve().parent
DEFAULTS = {
    "shared": HERE.parent.parent / "shared",
    # The training data of the shipped model and of any model trained without --only-user.
    "default_trained_on": (
        HERE / "annotations" / "units.jsonl",
        HERE / "annotations" / "written.jsonl",
    ),
}


def main(argv: Sequence[str] | None = None) -> int:
    """Run the evaluation workflow with the repository's files as defaults."""
    return workflow.main(argv, defaults=DEFAULTS, prog="training/evaluate_classifier.py")


if __name__ == "__main__":
    sys.exit(main())
