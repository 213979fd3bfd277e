"""The main job on the whole shared corpus: wall time and peak memory of ``vnpoverty analyze``.

Input: the 1,021 real poverty articles plus the poverty-related dated headlines (a headline is
poverty-related when its title or summary contains one of ``HEADLINE_TERMS``), as the issue
asks. Runs the CLI in a fresh process (default settings: shipped classifier, e5 topic model),
twice: cold (empty cache) and warm (same output folder, so segmentations and embeddings come
from the cache).

Usage: ``python benchmarks/bench_analyze.py [--shared ../shared] [--work DIR]``.
Writes ``benchmarks/results/bench_analyze.json`` and the ``bench_analyze`` section of RESULTS.md.
"""

from __future__ import annotations

import argparse
import gzip
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

from _results import publish

HERE = Path(__file__).resolve().parent
HEADLINE_TERMS = (
    "nghèo",
    "an sinh",
    "nhà tạm",
    "dột nát",
    "đại đoàn kết",
    "chính sách xã hội",
    "bảo trợ xã hội",
    "vùng khó khăn",
    "đồng bào dân tộc thiểu số",
)


def write_headlines(shared: Path, target: Path) -> int:
    """Write the poverty-related headlines as a JSONL article table; return how many."""
    kept = 0
    with gzip.open(shared / "corpus" / "dated_headlines.jsonl.gz", "rt", encoding="utf-8") as rows:
        with open(target, "w", encoding="utf-8") as out:
            for line in rows:
                item = json.loads(line)
                text = f"{item.get('title') or ''} {item.get('summary') or ''}".lower()
                if any(term in text for term in HEADLINE_TERMS):
                    article = {
                        "id": item["id"],
                        "source": item.get("source"),
                        "url": item.get("url"),
                        "date": item.get("date"),
                        "title": item.get("title"),
                        "lede": item.get("summary"),
                        "body": "",
                    }
                    out.write(json.dumps(article, ensure_ascii=False) + "\n")
                    kept += 1
    return kept


def run(inputs: list[Path], out: Path) -> dict:
    """Run ``vnpoverty analyze`` in a child process; wall time, peak RSS and its summary."""
    command = [
        sys.executable, "-m", "vnpoverty.cli", "analyze", *map(str, inputs),
        "--out", str(out), "--quiet",
    ]  # fmt: skip
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.perf_counter()
    completed = subprocess.run(command, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if completed.returncode != 0:
        raise RuntimeError(f"analyze failed ({completed.returncode}):\n{completed.stderr[-3000:]}")
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    return {
        "wall_seconds": round(seconds, 1),
        "peak_rss_mb": round(max(peak, before) / 1024),
        "stage_seconds": {k: round(v, 1) for k, v in summary["seconds"].items()},
        "summary": summary,
        "printed": completed.stdout,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=HERE.parent.parent / "shared")
    parser.add_argument("--work", type=Path, default=HERE / ".work" / "analyze")
    args = parser.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    headlines = args.work / "poverty_headlines.jsonl"
    n_headlines = write_headlines(args.shared, headlines)
    inputs = [args.shared / "corpus" / "poverty_articles.jsonl", headlines]
    out = args.work / "out"
    cache = out / "cache.sqlite"
    if cache.exists():
        cache.unlink()
    cold = run(inputs, out)
    warm = run(inputs, out)
    summary = cold["summary"]
    figures = {
        "inputs": {"poverty_articles": 1021, "poverty_headlines": n_headlines},
        "terms": list(HEADLINE_TERMS),
        "cold": {k: v for k, v in cold.items() if k not in ("summary", "printed")},
        "warm": {k: v for k, v in warm.items() if k not in ("summary", "printed")},
        "documents": summary["documents"],
        "paragraphs": summary["paragraphs"],
        "analysed_paragraphs": summary["analysed_paragraphs"],
        "topics": summary["topics"],
        "label_counts": summary["label_counts"],
    }
    stages = ", ".join(f"{k} {v:.0f} s" for k, v in cold["stage_seconds"].items())
    warm_stages = ", ".join(f"{k} {v:.0f} s" for k, v in warm["stage_seconds"].items())
    markdown = f"""
`vnpoverty analyze` with default settings (shipped classifier `{summary["classifier"]["name"]}`, e5 topic
model, 1,000 bootstrap resamples) on the 1,021 real poverty articles plus the
{n_headlines:,} dated headlines whose title or summary contains one of: {", ".join(HEADLINE_TERMS)}.
One process, run by `benchmarks/bench_analyze.py`.

| run | wall time | peak memory | stages |
|---|---|---|---|
| cold (empty cache) | {cold["wall_seconds"] / 60:.1f} min | {cold["peak_rss_mb"]:,} MB | {stages} |
| warm (same output folder: cached segmentation and embeddings) | {warm["wall_seconds"] / 60:.1f} min | {warm["peak_rss_mb"]:,} MB | {warm_stages} |

Corpus: {summary["documents"]:,} documents, {summary["paragraphs"]:,} paragraph units,
{summary["analysed_paragraphs"]:,} analysed (ledes and body), {summary["topics"]} topics.
Tagging dominates a cold run: the shipped classifier runs e5 over every paragraph (embeddings,
and the fine-tuned encoder when the model has one) at
{summary["analysed_paragraphs"] / cold["stage_seconds"]["tagging"]:.0f} paragraphs/s here; the topic model reuses the embeddings from the cache, and a
warm run reads the cached probabilities.
"""
    publish("bench_analyze", figures, markdown)
    print(markdown)
    return 0


if __name__ == "__main__":
    sys.exit(main())
