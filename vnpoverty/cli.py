"""The ``vnpoverty`` command. Each subcommand is a thin wrapper over one public function.

``train``, ``evaluate`` and ``topics`` hand the rest of the command line to the ``main`` of
their workflow in :mod:`vnpoverty.workflows` (the same code as the scripts in ``training/``),
so ``vnpoverty train --help`` shows that workflow's own options and examples.

Exit codes: 0 success, 1 the job failed on its input (message on stderr), 2 usage error or
bad input (the workflows report theirs with 2).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from vnpoverty._version import __version__

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2

# Subcommand -> (workflow module, one-line help). Their options live in the workflow's parser.
WORKFLOWS = {
    "train": (
        "vnpoverty.workflows.train_classifier",
        "train an intervention classifier on your annotated text",
    ),
    "evaluate": (
        "vnpoverty.workflows.evaluate_classifier",
        "evaluate a classifier on annotated units it was not trained on",
    ),
    "topics": (
        "vnpoverty.workflows.fit_topics",
        "fit a topic model to paragraphs and write it with its tables",
    ),
}


def run_workflow(command: str, argv: Sequence[str]) -> int:
    """Run ``vnpoverty <command> <argv>`` for a workflow subcommand; returns the exit code.

    Parameters
    ----------
    command
        ``train``, ``evaluate`` or ``topics``.
    argv
        The command line after the subcommand, passed on untouched.

    Returns
    -------
    int
        The workflow's exit code; 1 when it fails on its input with a ValueError, TypeError
        or OSError (message on stderr). Usage errors raise ``SystemExit(2)`` as argparse does.
    """
    import importlib

    module_name, _ = WORKFLOWS[command]
    workflow = importlib.import_module(module_name)
    try:
        return workflow.main(list(argv), prog=f"vnpoverty {command}")
    except (ValueError, TypeError, OSError) as error:
        print(f"vnpoverty {command}: error: {error}", file=sys.stderr)
        return EXIT_FAILED


def _analyze(args: argparse.Namespace) -> int:
    from vnpoverty.analysis import analyze

    result = analyze(
        args.corpus,
        args.out,
        classifier=args.model,
        topics=not args.no_topics,
        embedding=args.embedding,
        topic_mode=args.topic_mode,
        freq=args.freq,
        n_boot=args.bootstrap,
        date_sources=args.date_sources.split(",") if args.date_sources else None,
        columns=_column_mapping(args.column),
        cache_path=args.cache,
        n_jobs=args.jobs,
        progress=not args.quiet,
        report=not args.no_report,
    )
    print(result)
    return EXIT_OK


def _demo(args: argparse.Namespace) -> int:
    from vnpoverty.datasets import demo_corpus

    print(f"vnpoverty demo: analysing the sample corpus shipped with vnpoverty ({demo_corpus()})")
    args.corpus = [str(demo_corpus())]
    args.column = []
    return _analyze(args)


def _column_mapping(pairs: Sequence[str]) -> dict[str, str]:
    mapping = {}
    for pair in pairs:
        field, sep, column = pair.partition("=")
        if not sep or not field or not column:
            raise ValueError(f"--column takes FIELD=COLUMN (e.g. body=noi_dung), got {pair!r}")
        mapping[field.strip()] = column.strip()
    return mapping


def _ingest(args: argparse.Namespace) -> int:
    from vnpoverty.corpus import load_corpus, save, save_csv, summarize

    table = load_corpus(
        args.paths,
        columns=_column_mapping(args.column),
        source=args.source,
        n_jobs=args.jobs,
        progress=not args.quiet,
    )
    target = save(table, args.out)
    if args.csv:
        csv_path = save_csv(table, target.with_suffix(".csv"))
    print(summarize(table))
    print(f"\nparagraph table written to {target}" + (f" and {csv_path}" if args.csv else ""))
    return EXIT_OK


def _tag(args: argparse.Namespace) -> int:
    from vnpoverty.analysis import ANALYSED_KINDS
    from vnpoverty.classify import load_classifier
    from vnpoverty.corpus import load, load_corpus, save, save_csv

    paths = [Path(p) for p in args.corpus]
    if len(paths) == 1 and paths[0].suffix == ".parquet" and _is_paragraph_table(paths[0]):
        table = load(paths[0])
    else:
        table = load_corpus(args.corpus, columns=_column_mapping(args.column), n_jobs=args.jobs)
    classifier = load_classifier(args.model)
    kinds = args.kinds.split(",") if args.kinds else list(ANALYSED_KINDS)
    chosen = table[table["kind"].isin(kinds)]
    tagged = classifier.tag(
        chosen, probabilities=args.probabilities, n_jobs=args.jobs, progress=not args.quiet
    )
    target = save(tagged, args.out)
    if args.csv:
        save_csv(tagged, target.with_suffix(".csv"))
    counts = tagged[classifier.labels].sum().sort_values(ascending=False)
    print(f"tagged {len(tagged):,} paragraphs ({', '.join(kinds)}) with {classifier!r}")
    for label, count in counts.items():
        print(f"  {label:20s} {int(count):6,d}  {count / max(1, len(tagged)):6.1%}")
    print(f"\ntagged table written to {target}")
    return EXIT_OK


def _is_paragraph_table(path: Path) -> bool:
    import pyarrow.parquet as pq

    return {"para_id", "text", "kind"} <= set(pq.read_schema(path).names)


def _add_column_option(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--column",
        action="append",
        default=[],
        metavar="FIELD=COLUMN",
        help="your table's column for a field (doc_id, title, lede, body, date, url, source), "
        "e.g. body=noi_dung; repeatable",
    )


def _add_run_options(command: argparse.ArgumentParser) -> None:
    command.add_argument("--jobs", type=int, default=1, help="worker processes (-1: all cores)")
    command.add_argument("--quiet", action="store_true", help="no progress bars")


def _add_analysis_options(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--model", help="classifier folder (default: the model shipped with vnpoverty)"
    )
    command.add_argument(
        "--embedding",
        default="e5",
        help="topic-model embeddings: e5 (semantic, default), tfidf-svd (fast), or the path "
        "of a local sentence-transformers model",
    )
    command.add_argument(
        "--topic-mode", choices=["unsupervised", "guided", "zeroshot"], default="unsupervised"
    )
    command.add_argument("--freq", choices=["year", "quarter", "month"], default="year")
    command.add_argument(
        "--date-sources",
        help="dates the time views may use, e.g. field,stamp to leave out dates read from the "
        "text (default: all)",
    )
    command.add_argument("--no-topics", action="store_true", help="skip the topic model")
    command.add_argument("--no-report", action="store_true", help="skip report.html")
    command.add_argument(
        "--bootstrap", type=int, default=1000, metavar="N", help="resamples for the intervals"
    )
    command.add_argument(
        "--cache", help="segmentation/embedding cache file (default: OUT/cache.sqlite)"
    )
    _add_run_options(command)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (exposed for documentation and tests)."""
    parser = argparse.ArgumentParser(
        prog="vnpoverty",
        description="Read Vietnamese poverty-reduction news: what is done, where and when.",
    )
    parser.add_argument("--version", action="version", version=f"vnpoverty {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    analyze = commands.add_parser(
        "analyze",
        help="the main job: ingest, tag, topics, trends, tables, figures and report.html",
        description=(
            "Analyse a corpus end to end: read and clean the articles, tag every paragraph "
            "with the interventions it describes, fit a topic model, compute intervention and "
            "topic shares by province and period with bootstrap intervals, and write tables "
            "(Parquet, CSV), figures (PNG) and a self-contained report.html into OUT."
        ),
        epilog="example: vnpoverty analyze articles/ --out results/ --freq quarter",
    )
    analyze.add_argument("corpus", nargs="+", help="files or folders of articles, or a table")
    analyze.add_argument("--out", required=True, help="folder for the outputs (created)")
    _add_column_option(analyze)
    _add_analysis_options(analyze)
    analyze.set_defaults(handler=_analyze)

    demo = commands.add_parser(
        "demo",
        help="run the main job on the sample corpus shipped with vnpoverty",
        description="Run `vnpoverty analyze` on the demo corpus (84 articles written for the "
        "project) and print where the report is.",
    )
    demo.add_argument(
        "--out", default="vnpoverty-demo", help="output folder (default: %(default)s)"
    )
    _add_analysis_options(demo)
    demo.set_defaults(handler=_demo)

    tag = commands.add_parser(
        "tag",
        help="tag paragraphs with the interventions they describe",
        description="Tag a paragraph table (from `vnpoverty ingest`) or article files with the "
        "intervention classifier; writes the tagged paragraphs as Parquet.",
        epilog="example: vnpoverty tag corpus.parquet --out tagged.parquet --csv",
    )
    tag.add_argument("corpus", nargs="+", help="a paragraph table (.parquet) or article files")
    tag.add_argument("--out", required=True, help="Parquet file to write")
    tag.add_argument("--model", help="classifier folder (default: the shipped model)")
    tag.add_argument("--kinds", help="paragraph kinds to tag (default: lede,body)")
    tag.add_argument("--probabilities", action="store_true", help="add p_<label> columns")
    tag.add_argument("--csv", action="store_true", help="also write a CSV beside it")
    _add_column_option(tag)
    _add_run_options(tag)
    tag.set_defaults(handler=_tag)

    ingest = commands.add_parser(
        "ingest",
        help="turn article files and folders into a paragraph table (Parquet)",
        description=(
            "Read scraped pages (.txt, .html) and article tables (.jsonl, .json, .csv, "
            ".parquet, gzip too), clean them, split them into paragraph units with date and "
            "province, and write one Parquet table. Prints what was read and dropped."
        ),
        epilog="example: vnpoverty ingest articles/ exports/news.csv --out corpus.parquet "
        "--column body=noi_dung --column date=ngay_dang",
    )
    ingest.add_argument("paths", nargs="+", help="files or folders of articles")
    ingest.add_argument("--out", required=True, help="Parquet file to write")
    ingest.add_argument("--csv", action="store_true", help="also write a CSV beside it")
    _add_column_option(ingest)
    ingest.add_argument("--source", help="source label for rows that carry none")
    _add_run_options(ingest)
    ingest.set_defaults(handler=_ingest)

    for name, (module_name, summary) in WORKFLOWS.items():
        # Listed for `vnpoverty --help`; main() hands their command lines to the workflow
        # before argparse sees them (an argparse REMAINDER drops leading options).
        workflow = commands.add_parser(
            name,
            help=summary,
            add_help=False,
            description=f"{summary[0].upper()}{summary[1:]}: see `vnpoverty {name} --help` "
            f"({module_name}).",
        )
        workflow.add_argument("arguments", nargs=argparse.REMAINDER)
        workflow.set_defaults(handler=lambda args: run_workflow(args.command, args.arguments))
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] in WORKFLOWS:
        return run_workflow(argv[0], argv[1:])
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help()
        return EXIT_USAGE
    try:
        return args.handler(args)
    except (ValueError, TypeError, OSError) as error:
        print(f"vnpoverty {args.command}: error: {error}", file=sys.stderr)
        return EXIT_FAILED


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
