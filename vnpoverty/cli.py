"""The ``vnpoverty`` command. Each subcommand is a thin wrapper over one public function.

Exit codes: 0 success, 1 the job failed on its input (message on stderr), 2 usage error.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from vnpoverty._version import __version__

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


DEMO_PARAGRAPHS = [
    "Năm 2024, huyện đã hỗ trợ xây mới 35 căn nhà Đại đoàn kết cho hộ nghèo, hoà cùng phong trào.",
    "Ngân hàng Chính sách xã hội tỉnh đã cho hơn 2.000 hộ nghèo vay vốn ưu đãi để làm ăn.",
    "Xã lắp mới 12 cụm loa truyền thanh và tặng 80 điện thoại thông minh cho hộ nghèo vùng cao.",
    "Hội nghị quán triệt nghị quyết về công tác giảm nghèo diễn ra sáng nay tại hội trường tỉnh.",
]


def _demo(args: argparse.Namespace) -> int:
    print(
        "vnpoverty demo: the end-to-end analysis (ingest -> tag -> topics -> report) is not\n"
        "implemented yet. What works today: the text layer, ingestion and the shipped\n"
        "intervention classifier, for example:\n"
    )
    from vnpoverty.classify import load_classifier
    from vnpoverty.text import normalize, segment

    sample = DEMO_PARAGRAPHS[0]
    print(f"  input      : {sample}")
    print(f"  normalize  : {normalize(sample)}")
    print(f"  segment    : {segment([normalize(sample)])[0]}\n")
    classifier = load_classifier()
    for text, labels in zip(DEMO_PARAGRAPHS, classifier.predict(DEMO_PARAGRAPHS), strict=True):
        print(f"  {', '.join(labels) or '(no intervention)':28s} <- {text[:70]}...")
    print("\nIngest your own articles: vnpoverty ingest FOLDER --out corpus.parquet")
    return EXIT_OK


def _column_mapping(pairs: Sequence[str]) -> dict[str, str]:
    mapping = {}
    for pair in pairs:
        field, sep, column = pair.partition("=")
        if not sep or not field or not column:
            raise ValueError(f"--column takes FIELD=COLUMN (e.g. body=noi_dung), got {pair!r}")
        mapping[field.strip()] = column.strip()
    return mapping


def _ingest(args: argparse.Namespace) -> int:
    from vnpoverty.corpus import load_corpus, save, summarize

    table = load_corpus(
        args.paths,
        columns=_column_mapping(args.column),
        source=args.source,
        n_jobs=args.jobs,
        progress=not args.quiet,
    )
    target = save(table, args.out)
    if args.csv:
        csv_path = target.with_suffix(".csv")
        table.assign(provinces=table["provinces"].map(";".join)).to_csv(csv_path, index=False)
    print(summarize(table))
    print(f"\nparagraph table written to {target}" + (f" and {csv_path}" if args.csv else ""))
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (exposed for documentation and tests)."""
    parser = argparse.ArgumentParser(
        prog="vnpoverty",
        description="Read Vietnamese poverty-reduction news: what is done, where and when.",
    )
    parser.add_argument("--version", action="version", version=f"vnpoverty {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    demo = commands.add_parser("demo", help="run the main job on the bundled sample")
    demo.set_defaults(handler=_demo)

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
    ingest.add_argument(
        "--column",
        action="append",
        default=[],
        metavar="FIELD=COLUMN",
        help="your column for a field (doc_id, title, lede, body, date, url, source); repeatable",
    )
    ingest.add_argument("--source", help="source label for rows that carry none")
    ingest.add_argument("--jobs", type=int, default=1, help="worker processes (-1: all cores)")
    ingest.add_argument("--quiet", action="store_true", help="no progress bar")
    ingest.set_defaults(handler=_ingest)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
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
