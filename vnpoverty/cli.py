"""The ``vnpoverty`` command. Each subcommand is a thin wrapper over one public function.

Exit codes: 0 success, 1 the job failed on its input (message on stderr), 2 usage error.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from vnpoverty._version import __version__

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def _demo(args: argparse.Namespace) -> int:
    print(
        "vnpoverty demo: the end-to-end analysis (ingest -> tag -> topics -> report) is not\n"
        "implemented yet. What works today is the Vietnamese text layer, for example:\n"
    )
    from vnpoverty.text import normalize, segment

    sample = "Huyện đã hỗ trợ xây mới 35 căn nhà Đại đoàn kết cho hộ nghèo, hoà cùng phong trào."
    print(f"  input      : {sample}")
    print(f"  normalize  : {normalize(sample)}")
    print(f"  segment    : {segment([normalize(sample)])[0]}")
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
