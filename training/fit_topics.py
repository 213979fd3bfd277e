"""Fit a topic model to paragraphs and write the model folder and, optionally, its tables.

Thin wrapper over vnpoverty.workflows.fit_topics (also `vnpoverty topics`), which holds the
logic and the full help. Topic fitting reads no file of the repository's own: DEFAULTS is empty.

Inputs (declared):
  --corpus     a paragraph table (.parquet or .csv) or article files/folders (repeatable)
Outputs (declared):
  --out        the model folder (load it with vnpoverty.topics.load_topics)
  --tables     optional folder: topic_info.csv, topics_over_time.csv, topics_per_class.csv

Exit codes: 0 written; 2 bad input.

Examples:
  python training/fit_topics.py --corpus corpus.parquet --out models/topics-e5 --tables topics/
  python training/fit_topics.py --corpus articles/ --embedding tfidf-svd --mode zeroshot \\
      --sample 5000 --cache cache.sqlite --out my-topics
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from vnpoverty.workflows import fit_topics as workflow

HERE = Path(__file__).resolve().parent
DEFAULTS: dict[str, object] = {}


def main(argv: Sequence[str] | None = None) -> int:
    """Run the topic-model workflow."""
    return workflow.main(argv, defaults=DEFAULTS, prog="training/fit_topics.py")


if __name__ == "__main__":
    sys.exit(main())
