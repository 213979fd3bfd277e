"""Argument-parsing helpers shared by the workflows."""

from __future__ import annotations

import argparse
from collections.abc import Callable, Iterable, Mapping, Sequence

SHARED_SOURCES = (
    "corpus/poverty_articles.jsonl",
    "corpus/background_articles.jsonl",
    "corpus/dated_headlines.jsonl.gz",
    "seeds",
)
"""Where, inside a ``--shared`` folder, stored annotation units come from."""


def apply_defaults(
    parser: argparse.ArgumentParser,
    defaults: Mapping[str, object] | None,
    extra: Iterable[str] = (),
) -> None:
    """Set option defaults given by a caller (a script that knows its repository's layout).

    Parameters
    ----------
    parser
        The workflow's parser, its arguments already added.
    defaults
        Default values by destination name (``"shared"`` for ``--shared``); None for none.
    extra
        Names the workflow reads from the namespace although no option sets them.

    Raises
    ------
    ValueError
        When a name is neither an option's destination nor in ``extra``: a misspelt default
        would otherwise be ignored without a word.
    """
    if not defaults:
        return
    # argparse has no public list of destinations; _actions is stable across 3.10-3.13.
    known = {action.dest for action in parser._actions} | set(extra)
    known.discard(argparse.SUPPRESS)
    unknown = sorted(set(defaults) - known)
    if unknown:
        raise ValueError(
            f"unknown default(s) {unknown} for {parser.prog}; known names: {sorted(known)}"
        )
    parser.set_defaults(**defaults)


class _ProbeFailed(Exception):
    """The lenient parse could not read the command line; the full parse will say why."""


class _ProbeParser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise _ProbeFailed(message)


def probe_arguments(
    add_arguments: Callable[[argparse.ArgumentParser], None],
    argv: Sequence[str] | None,
    defaults: Mapping[str, object] | None,
    extra: Iterable[str] = (),
) -> argparse.Namespace | None:
    """Read what the command line gives without enforcing required options or printing help.

    Lets a workflow tell a user which inputs are missing before argparse stops at the first
    required option, while ``--help`` still wins.

    Parameters
    ----------
    add_arguments
        Adds the workflow's arguments to a parser; called here with required options relaxed
        by the callee (it must not mark any option required for this parser).
    argv, defaults, extra
        As for the workflow's ``main`` and :func:`apply_defaults`.

    Returns
    -------
    argparse.Namespace or None
        The options given (and ``help``: whether help was asked for); None when the command
        line does not parse, which the full parse then reports.
    """
    probe = _ProbeParser(add_help=False)
    probe.add_argument("-h", "--help", action="store_true")
    add_arguments(probe)
    apply_defaults(probe, defaults, extra)
    try:
        namespace, _ = probe.parse_known_args(argv)
    except _ProbeFailed:
        return None
    return namespace
