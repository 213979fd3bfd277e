"""Train the intervention classifier and write a model folder with its card.

Inputs (declared):
  --annotations  stored real units: JSONL of {unit_id, text_hash, labels, origin}; their text is
                 recovered from --shared (script default: training/annotations/units.jsonl)
  --written      units written for the project: JSONL of {unit_id, text, labels}
                 (script default: training/annotations/written.jsonl; none: not used)
  --first, --second
                 first labelling before adjudication and independent second labelling, for the
                 agreement table (script defaults: training/annotations/first_labelling.jsonl,
                 second_labelling.jsonl; none: no agreement table)
  --shared       the folder holding corpus/ and seeds/ (script default: ../shared beside the
                 checkout)
  --user         your own annotated text, CSV or JSONL with `text` and `labels` columns
                 (repeatable; with --only-user, the project's annotations are not used)
  --taxonomy     label set (default: the project's)
  `vnpoverty train` has no default for the project's files: give --user FILE --only-user, or
  --annotations FILE and --shared DIR (and --written, --first, --second if you have them).
Outputs (declared):
  --out          the model folder: model.joblib, metadata.json, MODEL_CARD.md,
                 and, when approaches are compared, comparison.json and
                 out_of_fold.csv.gz (each approach's cross-validated probabilities and
                 predictions per real unit, by unit id and text hash)

Exit codes: 0 trained; 1 the annotations cannot be read or resolved (message on stderr);
2 usage error (no training data given, --approach auto with --no-compare).

Examples:
  vnpoverty train --user my_labels.csv --only-user --approach tfidf_word --no-compare \\
      --out my-model
  vnpoverty train --annotations units.jsonl --written written.jsonl --shared ../shared \\
      --out my-model
  python training/train_classifier.py --out models/intervention-v6 \\
      --compared keywords,tfidf_syllable,tfidf_word,embedding,ensemble \\
      --approach ensemble --thresholds cross_fitted
  python training/train_classifier.py --user my_labels.csv --only-user --approach tfidf_word \\
      --no-compare --out my-model
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path

import pandas as pd

from vnpoverty.classify import APPROACHES, load_taxonomy
from vnpoverty.classify.annotations import agreement, read_annotations, recover_units
from vnpoverty.classify.evaluation import THRESHOLD_PROTOCOLS
from vnpoverty.classify.training import (
    TrainingData,
    compare_approaches,
    comparison_table,
    fit_classifier,
    model_card,
    out_of_fold_table,
    save_json,
    throughput,
)
from vnpoverty.corpus import save_csv
from vnpoverty.workflows._arguments import SHARED_SOURCES, apply_defaults, probe_arguments

__all__ = [
    "FAST_APPROACHES",
    "OUT_OF_FOLD_FILE",
    "build_parser",
    "choose_approach",
    "compared_approaches",
    "load_units",
    "main",
    "parse_args",
]

OUT_OF_FOLD_FILE = "out_of_fold.csv.gz"
"""In the model folder: each compared approach's cross-validated output per real unit."""

FAST_APPROACHES = ("keywords", "tfidf_syllable", "tfidf_word", "embedding", "combined")
"""Compared by default: minutes on a CPU for a few thousand units."""

NO_TRAINING_DATA = (
    "no training data: give your own annotated text with --user FILE --only-user, or the "
    "project's annotations with --annotations FILE and --shared DIR (the folder holding "
    "corpus/ and seeds/)"
)


def _add_arguments(parser: argparse.ArgumentParser, *, require_out: bool = True) -> None:
    parser.add_argument("--annotations", type=Path, default=None)
    parser.add_argument("--written", type=Path, default=None)
    parser.add_argument(
        "--second",
        type=Path,
        default=None,
        help="independent second labelling, for the agreement table",
    )
    parser.add_argument(
        "--first",
        type=Path,
        default=None,
        help="first labelling before adjudication, for the agreement table",
    )
    parser.add_argument("--shared", type=Path, default=None)
    parser.add_argument("--user", type=Path, action="append", default=[])
    parser.add_argument("--only-user", action="store_true", help="train on --user files only")
    parser.add_argument("--taxonomy", type=Path, default=None)
    parser.add_argument(
        "--approach",
        default="auto",
        choices=("auto", *APPROACHES),
        help="auto: the fastest approach whose macro-F1 over the core labels is within "
        "--tolerance of the best in the comparison",
    )
    parser.add_argument(
        "--compared",
        type=_approach_list,
        default=FAST_APPROACHES,
        metavar="A,B,...",
        help="approaches the comparison cross-validates (default: "
        f"{','.join(FAST_APPROACHES)}; add finetuned_e5 or ensemble to include the fine-tuned "
        "encoder, hours on a CPU); a named --approach is always included",
    )
    parser.add_argument(
        "--tolerance",
        type=float,
        default=0.01,
        help="macro-F1 difference treated as a tie when choosing the approach (default 0.01)",
    )
    parser.add_argument(
        "--compare",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="cross-validate every approach (default) or only the chosen one",
    )
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument(
        "--thresholds",
        default="inner_folds",
        choices=THRESHOLD_PROTOCOLS,
        help="how cross-validation tunes thresholds for each outer fold: inner_folds "
        "(nested, 5 fits per fold), validation_split (1 fit on three quarters of the training "
        "part, thresholds tuned on the rest) or cross_fitted (1 fit on the whole training part, "
        "thresholds tuned on the other folds' out-of-fold output); the last two suit slow "
        "approaches such as finetuned_e5 and ensemble",
    )
    parser.add_argument("--name", default=None, help="model name (default: the --out folder name)")
    parser.add_argument(
        "--cache",
        type=Path,
        default=None,
        help="SQLite file for segmentation/embedding caches (default: temporary)",
    )
    parser.add_argument("--out", type=Path, required=require_out)
    parser.add_argument("--quiet", action="store_true")


def build_parser(
    defaults: Mapping[str, object] | None = None, *, prog: str | None = None
) -> argparse.ArgumentParser:
    """The argument parser of the training workflow.

    Parameters
    ----------
    defaults
        Defaults by destination name, e.g. ``{"annotations": Path(...), "shared": Path(...)}``
        from a script that knows where its repository keeps them; without them those options
        default to None.
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
    _add_arguments(parser)
    apply_defaults(parser, defaults)
    return parser


def _lacks_training_data(args: argparse.Namespace) -> bool:
    return not args.only_user and (args.annotations is None or args.shared is None)


def parse_args(
    argv: Sequence[str] | None,
    *,
    defaults: Mapping[str, object] | None = None,
    prog: str | None = None,
) -> argparse.Namespace:
    """Parse and check a command line; usage errors exit with code 2 as argparse does.

    Parameters
    ----------
    argv
        The arguments (default: ``sys.argv[1:]``).
    defaults, prog
        As for :func:`build_parser`.

    Returns
    -------
    argparse.Namespace
        The options, ready for :func:`load_units` and :func:`main`.
    """
    parser = build_parser(defaults, prog=prog)
    # Say which inputs are missing before argparse stops at the missing --out.
    given = probe_arguments(lambda p: _add_arguments(p, require_out=False), argv, defaults)
    if given is not None and not given.help and _lacks_training_data(given):
        parser.error(NO_TRAINING_DATA)
    args = parser.parse_args(argv)
    if args.approach == "auto" and not args.compare:
        parser.error("--approach auto needs the comparison; name an approach with --no-compare")
    if _lacks_training_data(args):
        parser.error(NO_TRAINING_DATA)
    return args


def load_units(args: argparse.Namespace, taxonomy_names: list[str]) -> pd.DataFrame:
    """The annotated units to train on: ``--user`` files and, unless ``--only-user``, the
    stored units resolved on ``--shared`` and the written units (when ``--written`` exists).

    Parameters
    ----------
    args
        Options with ``user``, ``only_user``, ``annotations``, ``written``, ``shared`` and
        ``quiet``, as :func:`parse_args` returns them.
    taxonomy_names
        The label names (kept for callers; labels are checked by ``TrainingData``).

    Returns
    -------
    pandas.DataFrame
        One row per unit with non-blank text.

    Raises
    ------
    SystemExit
        With a message when the stored units cannot be resolved or there is no annotation.
    """
    frames = [read_annotations(path) for path in args.user]
    if not args.only_user:
        if args.annotations is None or args.shared is None:
            raise SystemExit(NO_TRAINING_DATA)
        stored = pd.read_json(args.annotations, lines=True, dtype=False)
        sources = [args.shared / s for s in SHARED_SOURCES if (args.shared / s).exists()]
        if not sources:
            raise SystemExit(
                f"--shared {args.shared} holds none of {list(SHARED_SOURCES)}: "
                "cannot recover unit texts"
            )
        units, unresolved = recover_units(stored, sources, progress=not args.quiet)
        if len(unresolved):
            print(
                f"warning: {len(unresolved)} stored units no longer match the corpus "
                f"(ids: {', '.join(unresolved['unit_id'].head(5))} ...); left out",
                file=sys.stderr,
            )
        frames.append(units)
        if args.written is not None and args.written.exists():
            written = pd.read_json(args.written, lines=True, dtype=False)
            frames.append(
                pd.DataFrame(
                    {
                        "unit_id": written["unit_id"],
                        "text": written["text"],
                        "labels": written["labels"].map(list),
                        "group": written["unit_id"],
                        "origin": "written",
                    }
                )
            )
    if not frames:
        raise SystemExit("no annotations: give --user files or drop --only-user")
    units = pd.concat(frames, ignore_index=True)
    return units[units["text"].str.strip().astype(bool)]


def main(
    argv: Sequence[str] | None = None,
    *,
    defaults: Mapping[str, object] | None = None,
    prog: str | None = None,
) -> int:
    """Train, compare approaches and write the model folder.

    Parameters
    ----------
    argv
        The arguments (default: ``sys.argv[1:]``); see the module docstring.
    defaults
        Defaults by destination name (the repository's annotation paths, from its script).
    prog
        Program name for usage and help, e.g. ``"vnpoverty train"``.

    Returns
    -------
    int
        0 when the model was written. Usage errors raise ``SystemExit(2)`` as argparse does.
    """
    args = parse_args(argv, defaults=defaults, prog=prog)
    taxonomy = load_taxonomy(args.taxonomy)
    data = TrainingData(load_units(args, taxonomy.names), taxonomy)
    print(
        json.dumps({k: v for k, v in data.describe().items() if k != "positives"}), file=sys.stderr
    )

    with tempfile.TemporaryDirectory() as scratch:
        cache = args.cache or Path(scratch) / "cache.sqlite"
        approaches = compared_approaches(args)
        results = compare_approaches(
            data,
            approaches,
            cache_path=cache,
            n_splits=args.folds,
            thresholds=args.thresholds,
            progress=not args.quiet,
        )
        table = comparison_table(results, taxonomy.core)
        print(table.to_string(index=False), file=sys.stderr)
        chosen = (
            choose_approach(table, args.tolerance) if args.approach == "auto" else args.approach
        )
        classifier = fit_classifier(
            data,
            chosen,
            cache_path=cache,
            n_splits=args.folds,
            out_of_fold=results[chosen].out_of_fold_scores,
            metadata={
                "name": args.name or args.out.name,
                "metrics": results[chosen].metrics.to_dict(orient="records"),
                "no_label_false_positive_rate": results[chosen].no_label_false_positive_rate,
                "comparison": table.to_dict(orient="records"),
                "threshold_protocol": args.thresholds,
            },
        )

    # Speed on real paragraphs the caches have not seen: background units not in training.
    sample = _unseen_sample(args, data)
    speed = (
        throughput(classifier, sample)
        if sample
        else {"paragraphs": 0, "seconds": 0, "paragraphs_per_second": float("nan")}
    )
    classifier.metadata["throughput"] = speed
    agreement_table = _agreement(args, taxonomy.names)
    card = model_card(classifier, results[chosen], table, speed, agreement_table)
    classifier.save(args.out, card=card)
    if args.compare:
        save_json(
            args.out / "comparison.json",
            {
                approach: {
                    "metrics": r.metrics.to_dict(orient="records"),
                    "no_label_false_positive_rate": r.no_label_false_positive_rate,
                }
                for approach, r in results.items()
            },
        )
        save_csv(out_of_fold_table(data, results), args.out / OUT_OF_FOLD_FILE)
    print(f"model written to {args.out} (approach {chosen})")
    return 0


def compared_approaches(args: argparse.Namespace) -> list[str]:
    """The approaches to cross-validate: ``--compared`` plus a named ``--approach``, in
    :data:`APPROACHES` order; only the named one with ``--no-compare``."""
    if not args.compare:
        return [args.approach]
    named = {args.approach} - {"auto"}
    return [a for a in APPROACHES if a in set(args.compared) | named]


def _approach_list(value: str) -> tuple[str, ...]:
    names = tuple(name.strip() for name in value.split(",") if name.strip())
    unknown = [name for name in names if name not in APPROACHES]
    if unknown or not names:
        raise argparse.ArgumentTypeError(
            f"unknown approach(es) {', '.join(unknown) or '(none given)'}; choose from "
            f"{', '.join(APPROACHES)}"
        )
    return names


def choose_approach(table: pd.DataFrame, tolerance: float) -> str:
    """The fastest trained approach within ``tolerance`` of the best core macro-F1.

    Tagging a million paragraphs takes minutes with TF-IDF and about a day with sentence
    embeddings on one core; a difference smaller than fold-to-fold noise does not pay for that.

    Parameters
    ----------
    table
        The comparison table: ``approach`` and ``macro_f1_core`` columns.
    tolerance
        Macro-F1 difference treated as a tie.

    Returns
    -------
    str
        The chosen approach (never ``keywords``: it is not trained).
    """
    trainable = table[table["approach"] != "keywords"]
    best = trainable["macro_f1_core"].max()
    close = trainable[trainable["macro_f1_core"] >= best - tolerance]
    return min(close["approach"], key=APPROACHES.index)


def _unseen_sample(args: argparse.Namespace, data: TrainingData, size: int = 1000) -> list[str]:
    background_path = None if args.shared is None else args.shared / SHARED_SOURCES[1]
    if args.only_user or background_path is None or not background_path.exists():
        return data.texts[:size]
    from vnpoverty.corpus import load_corpus

    background = load_corpus(background_path, progress=False)
    background = background[background["kind"] == "body"]
    unseen = background[~background["para_id"].isin(set(data.units["unit_id"]))]
    return unseen.sample(min(size, len(unseen)), random_state=0)["text"].tolist()


def _agreement(args: argparse.Namespace, names: list[str]) -> pd.DataFrame | None:
    if args.only_user or args.first is None or args.second is None:
        return None
    if not (args.first.exists() and args.second.exists()):
        return None
    first = pd.read_json(args.first, lines=True, dtype=False)
    second = pd.read_json(args.second, lines=True, dtype=False)
    # A unit id is a position in a document; when re-cleaning regroups a document the same id
    # names other text, so the two labellings must agree on the text hash too.
    keys = ["unit_id", "text_hash"] if {"text_hash"} <= set(first) & set(second) else ["unit_id"]
    pairs = first[[*keys, "labels"]].merge(second[[*keys, "labels"]], on=keys)
    return agreement(pairs["labels_x"].tolist(), pairs["labels_y"].tolist(), names)
