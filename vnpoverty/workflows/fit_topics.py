"""Fit a topic model to paragraphs and write the model folder and, optionally, its tables.

Inputs (declared):
  --corpus     a paragraph table (.parquet or .csv written by `vnpoverty ingest` or
               vnpoverty.corpus.save), or article files/folders, which are ingested first
               (repeatable; tables and raw articles can be mixed)
  --kinds      paragraph kinds to model, comma-separated (default: body,lede)
  --sample     fit on a random sample of N paragraphs, seeded with --seed (default: all)
  --cache      SQLite file caching segmentations and embeddings across runs (default: none)
Outputs (declared):
  --out        the model folder as TopicModel.save writes it (topics.joblib, metadata.json,
               MODEL_CARD.md); load it with vnpoverty.topics.load_topics
  --tables     optional folder: topic_info.csv; topics_over_time.csv (by year) when paragraphs
               have dates; topics_per_class.csv (by doc_province) when they have provinces

Exit codes: 0 written; 2 bad input (missing file, no paragraphs of the kinds asked, too few
paragraphs, embedding model not on this machine).

Examples:
  vnpoverty topics --corpus corpus.parquet --out models/topics-e5 --tables topics/
  vnpoverty topics --corpus articles/ --embedding tfidf-svd --sample 5000 --out my-topics
  python training/fit_topics.py --corpus corpus.parquet --out models/topics-e5 --tables topics/
  python training/fit_topics.py --corpus articles/ --embedding tfidf-svd --mode zeroshot \\
      --sample 5000 --cache cache.sqlite --out my-topics
"""

from __future__ import annotations

import argparse
import sys
import time
import warnings
from collections.abc import Mapping, Sequence
from pathlib import Path

import pandas as pd

from vnpoverty.workflows._arguments import apply_defaults

__all__ = [
    "InputError",
    "build_parser",
    "is_paragraph_table",
    "main",
    "parse_args",
    "read_corpus",
    "read_paragraph_table",
    "select_paragraphs",
    "summary",
    "write_tables",
]

PARAGRAPH_KINDS = ("title", "lede", "heading", "body", "caption", "teaser")
# Columns that tell a paragraph table apart from a table of raw articles.
PARAGRAPH_TABLE_MARKERS = frozenset({"para_id", "kind", "text"})
TABLE_SUFFIXES = (".parquet", ".csv", ".csv.gz")
SUMMARY_TOPICS = 10


class InputError(Exception):
    """Input the workflow cannot work with; reported as ``error: ...`` with exit code 2."""


def build_parser(
    defaults: Mapping[str, object] | None = None, *, prog: str | None = None
) -> argparse.ArgumentParser:
    """The argument parser of the topic-model workflow.

    Parameters
    ----------
    defaults
        Defaults by destination name (e.g. ``{"embedding": "tfidf-svd"}``); None for the
        documented ones. Topic fitting reads no file of the repository's own.
    prog
        Program name shown in usage and help (default: from ``sys.argv[0]``).

    Returns
    -------
    argparse.ArgumentParser
        Its description is this module's docstring (inputs, outputs, examples).
    """
    parser = argparse.ArgumentParser(
        prog=prog, description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--corpus", type=Path, action="append", required=True)
    parser.add_argument("--kinds", default="body,lede", type=_kinds)
    parser.add_argument(
        "--embedding",
        default="e5",
        help="e5 (semantic, default), tfidf-svd (fast, lexical) or the path of a local "
        "sentence-transformers model",
    )
    parser.add_argument(
        "--mode", default="unsupervised", choices=("unsupervised", "guided", "zeroshot")
    )
    parser.add_argument(
        "--min-topic-size",
        type=_at_least(2),
        default=None,
        help="smallest topic in paragraphs (default: sized from the corpus)",
    )
    parser.add_argument(
        "--nr-topics",
        type=_nr_topics,
        default=None,
        help="merge topics down to this number, or 'auto' (default: no merging)",
    )
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--sample", type=_at_least(1), default=None)
    parser.add_argument("--cache", type=Path, default=None)
    parser.add_argument("--jobs", type=int, default=1, help="processes for word segmentation")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--tables", type=Path, default=None)
    parser.add_argument("--quiet", action="store_true", help="no progress bars")
    apply_defaults(parser, defaults)
    return parser


def parse_args(
    argv: Sequence[str] | None,
    *,
    defaults: Mapping[str, object] | None = None,
    prog: str | None = None,
) -> argparse.Namespace:
    """Parse a command line; usage errors exit with code 2 as argparse does.

    Parameters
    ----------
    argv
        The arguments (default: ``sys.argv[1:]``).
    defaults, prog
        As for :func:`build_parser`.

    Returns
    -------
    argparse.Namespace
        The options.
    """
    return build_parser(defaults, prog=prog).parse_args(argv)


def _kinds(value: str) -> list[str]:
    kinds = [kind.strip() for kind in value.split(",") if kind.strip()]
    unknown = sorted(set(kinds) - set(PARAGRAPH_KINDS))
    if not kinds or unknown:
        raise argparse.ArgumentTypeError(
            f"unknown paragraph kind(s) {unknown or [value]}; choose from {list(PARAGRAPH_KINDS)}"
        )
    return kinds


def _at_least(minimum: int):
    def parse(value: str) -> int:
        number = int(value)
        if number < minimum:
            raise argparse.ArgumentTypeError(f"must be at least {minimum}, got {number}")
        return number

    return parse


def _nr_topics(value: str) -> int | str:
    return "auto" if value == "auto" else _at_least(2)(value)


def main(
    argv: Sequence[str] | None = None,
    *,
    defaults: Mapping[str, object] | None = None,
    prog: str | None = None,
) -> int:
    """Fit a topic model and write its folder and, with ``--tables``, its tables.

    Parameters
    ----------
    argv
        The arguments (default: ``sys.argv[1:]``); see the module docstring.
    defaults
        Defaults by destination name (see :func:`build_parser`).
    prog
        Program name for usage and help, e.g. ``"vnpoverty topics"``.

    Returns
    -------
    int
        0 when written, 2 on bad input (message on stderr). Usage errors raise
        ``SystemExit(2)`` as argparse does.
    """
    args = parse_args(argv, defaults=defaults, prog=prog)
    try:
        corpus = read_corpus(args.corpus, progress=not args.quiet)
        paragraphs = select_paragraphs(corpus, args.kinds, args.sample, args.seed)
        started = time.perf_counter()
        model = _fit(args, paragraphs)
    except InputError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    seconds = time.perf_counter() - started

    model.save(args.out)
    written = write_tables(model, paragraphs, args.tables) if args.tables else {}
    print(summary(model, corpus, paragraphs, args, seconds, written))
    return 0


def _fit(args: argparse.Namespace, paragraphs: pd.DataFrame):
    from vnpoverty.topics import fit_topics

    try:
        return fit_topics(
            paragraphs,
            embedding=args.embedding,
            mode=args.mode,
            min_topic_size=args.min_topic_size,
            nr_topics=args.nr_topics,
            seed=args.seed,
            cache_path=args.cache,
            n_jobs=args.jobs,
            progress=not args.quiet,
        )
    except ValueError as error:  # e.g. too few non-empty paragraphs
        raise InputError(str(error)) from error
    except OSError as error:  # e.g. a sentence-transformers model not on this machine
        raise InputError(f"--embedding {args.embedding}: {error}") from error


def read_corpus(paths: Sequence[Path], *, progress: bool = True) -> pd.DataFrame:
    """One paragraph table from paragraph tables and raw article files or folders.

    Paragraph tables (files with ``para_id``, ``kind`` and ``text`` columns) are read as they
    are; everything else goes through :func:`vnpoverty.load_corpus` in one batch.
    """
    from vnpoverty import load_corpus

    missing = [str(path) for path in paths if not path.exists()]
    if missing:
        raise InputError(f"--corpus: no such file or folder: {', '.join(missing)}")
    tables = [read_paragraph_table(path) for path in paths if is_paragraph_table(path)]
    raw = [path for path in paths if not is_paragraph_table(path)]
    if raw:
        try:
            tables.append(load_corpus(raw, progress=progress))
        except ValueError as error:
            raise InputError(f"--corpus: {error}") from error
    corpus = pd.concat(tables, ignore_index=True) if tables else pd.DataFrame()
    if corpus.empty:
        raise InputError(f"--corpus {', '.join(map(str, paths))}: no paragraphs found")
    # The same table given twice (or overlapping ingests) must not weigh its paragraphs double.
    return corpus.drop_duplicates(["para_id", "text"], ignore_index=True)


def is_paragraph_table(path: Path) -> bool:
    """Whether ``path`` is a paragraph table (rather than a table or folder of articles)."""
    if not path.is_file() or not path.name.endswith(TABLE_SUFFIXES):
        return False
    if path.name.endswith(".parquet"):
        import pyarrow.parquet as pq

        columns = set(pq.read_schema(path).names)
    else:
        columns = set(pd.read_csv(path, nrows=0).columns)
    return PARAGRAPH_TABLE_MARKERS <= columns


def read_paragraph_table(path: Path) -> pd.DataFrame:
    """Read a paragraph table from Parquet or from the CSV that `vnpoverty ingest --csv` writes."""
    if path.name.endswith(".parquet"):
        table = pd.read_parquet(path)
    else:
        table = pd.read_csv(path, dtype={"para_id": str, "doc_id": str, "text": str})
        if "provinces" in table:  # the CSV joins the province list with ";"
            table["provinces"] = (
                table["provinces"].fillna("").map(lambda v: [p for p in str(v).split(";") if p])
            )
    if "date" in table:
        table["date"] = pd.to_datetime(table["date"], errors="coerce")
    table["text"] = table["text"].fillna("").astype(str)
    return table


def select_paragraphs(
    corpus: pd.DataFrame, kinds: Sequence[str], sample: int | None, seed: int
) -> pd.DataFrame:
    """The paragraphs of ``kinds``, optionally a seeded sample of them, in corpus order."""
    chosen = corpus[corpus["kind"].isin(kinds)]
    if chosen.empty:
        present = corpus["kind"].value_counts().to_dict()
        raise InputError(
            f"no paragraphs of kind {', '.join(kinds)} in the corpus (kinds present: {present}); "
            "choose others with --kinds"
        )
    if sample is not None and sample < len(chosen):
        chosen = chosen.sample(sample, random_state=seed).sort_index()
    return chosen.reset_index(drop=True)


def write_tables(model, paragraphs: pd.DataFrame, folder: Path) -> dict[str, str]:
    """Write topic_info.csv and, where the data allow, topics over time and per province.

    Returns what was written (or why not), by file name.
    """
    folder.mkdir(parents=True, exist_ok=True)
    assigned = paragraphs.assign(topic=model.topics_)
    written = {}
    info = model.topic_info()
    info["words"] = info["words"].map("; ".join)
    info.to_csv(folder / "topic_info.csv", index=False)
    written["topic_info.csv"] = f"{len(info)} topics"

    if "date" in assigned and assigned["date"].notna().any():
        try:
            with warnings.catch_warnings():
                # Undated paragraphs are counted in attrs and reported in the summary instead.
                warnings.simplefilter("ignore", UserWarning)
                over_time = model.topics_over_time(assigned, freq="year")
        except ValueError as error:
            written["topics_over_time.csv"] = f"not written: {error}"
        else:
            over_time.to_csv(folder / "topics_over_time.csv", index=False)
            left_out = sum(over_time.attrs.get("excluded", {}).values())
            written["topics_over_time.csv"] = (
                f"{over_time['period'].nunique()} years; {left_out:,} undated paragraphs left out"
            )
    else:
        written["topics_over_time.csv"] = "not written: no paragraph has a date"

    if "doc_province" in assigned and assigned["doc_province"].notna().any():
        per_class = model.topics_per_class(assigned, by="doc_province")
        per_class.to_csv(folder / "topics_per_class.csv", index=False)
        unknown = per_class.attrs.get("unknown", {}).get("doc_province", 0)
        written["topics_per_class.csv"] = (
            f"{per_class['class'].nunique()} provinces; {unknown:,} paragraphs without one"
        )
    else:
        written["topics_per_class.csv"] = "not written: no document has a main province"
    return written


def summary(
    model,
    corpus: pd.DataFrame,
    paragraphs: pd.DataFrame,
    args: argparse.Namespace,
    seconds: float,
    written: dict[str, str],
) -> str:
    """A one-screen report of what was fitted and where it went."""
    info = model.topic_info()
    topics = info[info["topic"] >= 0].sort_values("paragraphs", ascending=False)
    sampled = f", a sample of {len(paragraphs):,} (seed {args.seed})" if args.sample else ""
    lines = [
        f"paragraphs   {len(paragraphs):,} modelled ({', '.join(args.kinds)}; of "
        f"{len(corpus):,} in the corpus{sampled}); {model.n_documents_:,} non-empty",
        f"topics       {len(topics)}; outliers {model.outlier_share_:.1%} "
        f"({model.outlier_share_before_reduction_:.1%} before reduction)",
        f"fit          {seconds:.1f} s (embedding {args.embedding}, mode {args.mode}, "
        f"smallest topic {model.cluster_settings_['min_cluster_size']} paragraphs)",
        f"model        {args.out}",
    ]
    if written:
        lines.append(f"tables       {args.tables}")
        lines += [f"  {name:<22} {note}" for name, note in written.items()]
    lines.append(f"largest topics (of {len(topics)}):")
    for row in topics.head(SUMMARY_TOPICS).itertuples(index=False):
        lines.append(f"  {row.paragraphs:>6,}  {row.share:6.1%}  {row.name[:80]}")
    return "\n".join(lines)
