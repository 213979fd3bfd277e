"""The shipped classifier on held-out real units: 681 units of 106 never-annotated articles.

Those articles had no unit in any annotation round (so none of their text was trained on,
apart from boilerplate repeated elsewhere, which is left out), and their units were labelled
after the model was shipped. Runs ``training/evaluate_classifier.py --drop-overlap``.

Usage: ``python benchmarks/bench_heldout.py [--shared ../shared]``.
Writes ``benchmarks/results/bench_heldout.json`` and the ``bench_heldout`` section of RESULTS.md.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

from _results import publish

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "training"))

import evaluate_classifier  # noqa: E402  (the training script, with the repo's defaults)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=HERE.parents[1] / "shared")
    args = parser.parse_args(argv)
    units = HERE.parent / "training" / "annotations" / "heldout.jsonl"
    with tempfile.TemporaryDirectory() as out:
        code = evaluate_classifier.main(
            ["--units", str(units), "--shared", str(args.shared), "--drop-overlap",
             "--out", out, "--quiet"]
        )  # fmt: skip
        if code != 0:
            return code
        metrics = json.loads((Path(out) / "metrics.json").read_text(encoding="utf-8"))
    rows = "\n".join(
        f"| {m['label']} | {m['support']} | {m['precision']:.2f} | {m['recall']:.2f} | {m['f1']:.2f} |"
        for m in metrics["labels"]
        if m["support"]
    )
    markdown = f"""
The shipped model `{metrics["model"]["name"]}` on {metrics["units"]["evaluated"]} held-out real units: every unit of
the 106 poverty articles that no annotation round had touched, labelled after `intervention-v1`
shipped and never trained on
(three annotators, `training/annotations/heldout.jsonl`), minus units whose text also occurs
in the training data.

- False-positive rate on the units with no label: **{metrics["no_label_false_positive_rate"]:.3f}**.
- Micro-F1 over all labels: {metrics["micro_all"]["f1"]:.2f}; exact label set right on {metrics["exact_match"]:.1%} of units.
- These articles are the ones no cue phrase picked: they hold almost no core interventions
  (labels with support below), so this sample measures over-tagging of ordinary text, not the
  core-label bar.

| label | support | precision | recall | F1 |
|---|---|---|---|---|
{rows}
"""
    publish("bench_heldout", metrics, markdown)
    print(markdown)
    return 0


if __name__ == "__main__":
    sys.exit(main())
