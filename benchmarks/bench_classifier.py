"""Classifier benchmark: macro-F1 per approach and tagging throughput of the shipped model.

The quality figures are the document-grouped cross-validation that
``training/train_classifier.py`` ran when it built the model (``comparison.json`` and
``metadata.json`` in the model folder); re-running them takes from ten minutes to an hour, so this script
reads them and measures speed afresh.

Usage: ``python benchmarks/bench_classifier.py [--model models/<name>] [--shared ../shared]``
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from _results import publish

from vnpoverty.classify import load_classifier
from vnpoverty.classify.evaluation import PROTOCOL_DESCRIPTIONS
from vnpoverty.classify.model import DEFAULT_MODEL
from vnpoverty.corpus import load_corpus

HERE = Path(__file__).resolve().parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--model", type=Path, default=HERE.parent / "models" / DEFAULT_MODEL)
    parser.add_argument("--shared", type=Path, default=HERE.parents[1] / "shared")
    parser.add_argument("--paragraphs", type=int, default=2000)
    args = parser.parse_args()

    classifier = load_classifier(args.model)
    comparison = json.loads((args.model / "comparison.json").read_text(encoding="utf-8"))
    table = load_corpus(args.shared / "corpus" / "background_articles.jsonl", progress=False)
    texts = table[table["kind"] == "body"]["text"].sample(args.paragraphs, random_state=1).tolist()
    started = time.perf_counter()
    classifier.predict(texts, progress=False)
    seconds = time.perf_counter() - started

    rows = []
    for approach, result in comparison.items():
        metrics = {row["label"]: row for row in result["metrics"]}
        core = [row for row in result["metrics"] if row.get("core") is True]
        rows.append(
            f"| {approach} | {metrics['macro (core)']['f1']:.3f} | "
            f"{min(row['f1'] for row in core):.3f} | {metrics['macro (all)']['f1']:.3f} | "
            f"{metrics['micro (all)']['f1']:.3f} | {result['no_label_false_positive_rate']:.3f} |"
        )
    per_label = "\n".join(
        f"| {row['label']} | {row['precision']:.3f} | {row['recall']:.3f} | {row['f1']:.3f} | "
        f"{'' if row.get('support') != row.get('support') or row.get('support') is None else int(row['support'])} |"
        for row in classifier.metadata["metrics"]
    )
    figures = {
        "model": classifier.metadata["name"],
        "approach": classifier.metadata["approach"],
        "comparison": comparison,
        "throughput": {
            "paragraphs": len(texts),
            "seconds": seconds,
            "paragraphs_per_second": len(texts) / seconds,
        },
    }
    protocol = PROTOCOL_DESCRIPTIONS[classifier.metadata.get("threshold_protocol", "inner_folds")]
    markdown = f"""
Model `{classifier.metadata["name"]}` (approach `{classifier.metadata["approach"]}`), evaluated
by cross-validation with folds grouped by document, on real annotated units only
({classifier.metadata["data"]["real_units"]:,} units; written units are only trained on).
{protocol}

| approach | macro-F1 (5 core) | lowest core F1 | macro-F1 (10) | micro-F1 (10) | FP rate on no-label units |
|---|---|---|---|---|---|
{chr(10).join(rows)}

Shipped model, per label:

| label | precision | recall | F1 | real positives |
|---|---|---|---|---|
{per_label}

**Throughput**: {len(texts):,} background paragraphs it never saw, one process, cold caches,
normalisation, segmentation and embedding included: {seconds:.1f} s,
**{len(texts) / seconds:,.0f} paragraphs/s**.
"""
    publish("bench_classifier", figures, markdown)
    print(markdown)


if __name__ == "__main__":
    main()
