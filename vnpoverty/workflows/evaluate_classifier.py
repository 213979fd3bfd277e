"""Evaluate an intervention classifier on annotated units it was not trained on.

Inputs (declared):
  --model        a classifier folder (default: the model shipped with vnpoverty)
  --annotations  your annotated units, CSV or JSONL with `text` and `labels` columns (labels a
                 JSON list or names separated by ";"; empty means "no label"); optional `id`
                 (repeatable)
  --units        stored units, JSONL of {unit_id, text_hash, labels}, their text recovered by
                 ingesting --shared again (repeatable)
  --shared       the folder holding corpus/ and seeds/ (script default: ../shared beside the
                 checkout; `vnpoverty evaluate` has none: give it with --units)
  --trained-on   annotation files the model was trained on, JSONL or CSV with `text` or
                 `text_hash`; evaluation units with the same text are reported (repeatable;
                 script default: training/annotations/units.jsonl and written.jsonl, the
                 training data of the shipped model and of any model trained without
                 --only-user; `vnpoverty evaluate` has none: only the model's fingerprint is
                 checked)
  --taxonomy     which labels are core, when the model does not record it (default: the
                 project's taxonomy)
Outputs (declared):
  --out          metrics.json: per-label precision/recall/F1/support, macro over core labels
                 and over all, micro, false-positive rate on units with no label, overlap with
                 the training data; per_unit.csv: unit id, true and predicted labels,
                 probability of each label, and whether the unit's text was trained on

Evaluating on units the model was trained on is not honest: the workflow warns when the units
overlap the files given by --trained-on or match the training data fingerprint the model
records, and --drop-overlap scores only the units that do not.

Exit codes: 0 evaluated; 2 bad input (missing or empty file, labels the model does not know,
a model folder that does not load, nothing left to evaluate, --units without --shared).

Examples:
  vnpoverty evaluate --annotations held_out.csv --out eval/
  vnpoverty evaluate --model my-model --annotations test.jsonl --trained-on train.csv \\
      --drop-overlap --out eval/
  vnpoverty evaluate --units new_units.jsonl --shared ../shared --out eval/
  python training/evaluate_classifier.py --annotations held_out.csv --out eval/
  python training/evaluate_classifier.py --units new_units.jsonl --shared ../shared --out eval/
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from vnpoverty.classify import (
    InterventionClassifier,
    Label,
    ModelLoadError,
    Taxonomy,
    load_classifier,
    load_taxonomy,
)
from vnpoverty.classify.annotations import (
    ANNOTATION_COLUMNS,
    label_matrix,
    read_annotations,
    recover_units,
)
from vnpoverty.classify.evaluation import label_metrics
from vnpoverty.classify.training import TrainingData, save_json
from vnpoverty.corpus.ingest import text_hash
from vnpoverty.text.normalization import normalize
from vnpoverty.workflows._arguments import SHARED_SOURCES, apply_defaults

__all__ = [
    "InputError",
    "build_parser",
    "evaluation_report",
    "format_report",
    "load_units",
    "main",
    "model_taxonomy",
    "parse_args",
    "per_unit_table",
    "training_hashes",
]

# Not an option: the files --trained-on defaults to (those that exist), set by a caller that
# knows which annotation files its models are trained on.
DEFAULT_TRAINED_ON = "default_trained_on"
SUMMARY_ROWS = {
    "macro (core)": "macro_core",
    "macro (all)": "macro_all",
    "micro (all)": "micro_all",
}


class InputError(Exception):
    """Input the workflow cannot work with; reported as ``error: ...`` with exit code 2."""


def build_parser(
    defaults: Mapping[str, object] | None = None, *, prog: str | None = None
) -> argparse.ArgumentParser:
    """The argument parser of the evaluation workflow.

    Parameters
    ----------
    defaults
        Defaults by destination name, e.g. ``{"shared": Path(...)}``, and
        ``"default_trained_on"``: the annotation files ``--trained-on`` stands for when not
        given (those that exist are used). Without them ``--shared`` is None and only the
        model's training data fingerprint is checked for overlap.
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
    parser.add_argument("--model", type=Path, default=None)
    parser.add_argument("--annotations", type=Path, action="append", default=[])
    parser.add_argument("--units", type=Path, action="append", default=[])
    parser.add_argument("--shared", type=Path, default=None)
    parser.add_argument("--trained-on", type=Path, action="append", default=None)
    parser.add_argument(
        "--drop-overlap",
        action="store_true",
        help="score only units whose text is not in the --trained-on files",
    )
    parser.add_argument("--taxonomy", type=Path, default=None)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--quiet", action="store_true", help="no progress bars")
    parser.set_defaults(**{DEFAULT_TRAINED_ON: ()})
    apply_defaults(parser, defaults, extra=[DEFAULT_TRAINED_ON])
    return parser


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
        The options, ``trained_on`` filled in from the defaults when not given.
    """
    parser = build_parser(defaults, prog=prog)
    args = parser.parse_args(argv)
    if not args.annotations and not args.units:
        parser.error("give the units to evaluate with --annotations and/or --units")
    if args.units and args.shared is None:
        parser.error(
            "--units needs --shared DIR, the folder holding corpus/ and seeds/ that the "
            "units' texts are recovered from"
        )
    if args.trained_on is None:
        args.trained_on = [
            Path(path) for path in getattr(args, DEFAULT_TRAINED_ON) if Path(path).exists()
        ]
    return args


def main(
    argv: Sequence[str] | None = None,
    *,
    defaults: Mapping[str, object] | None = None,
    prog: str | None = None,
) -> int:
    """Evaluate a classifier on annotated units and write metrics.json and per_unit.csv.

    Parameters
    ----------
    argv
        The arguments (default: ``sys.argv[1:]``); see the module docstring.
    defaults
        Defaults by destination name (see :func:`build_parser`).
    prog
        Program name for usage and help, e.g. ``"vnpoverty evaluate"``.

    Returns
    -------
    int
        0 when evaluated, 2 on bad input (message on stderr). Usage errors raise
        ``SystemExit(2)`` as argparse does.
    """
    args = parse_args(argv, defaults=defaults, prog=prog)
    try:
        units = load_units(args)
        hashes = training_hashes(args.trained_on)
        units["in_training"] = units["text"].map(text_hash).isin(hashes)
        overlap = int(units["in_training"].sum())
        if args.drop_overlap:
            units = units[~units["in_training"]].reset_index(drop=True)
            if units.empty:
                raise InputError(
                    f"all {overlap} units have the text of units in --trained-on "
                    f"({', '.join(map(str, args.trained_on))}): nothing left to evaluate"
                )
        classifier = _load_model(args.model)
        taxonomy = model_taxonomy(classifier, args.taxonomy)
        try:
            Y = label_matrix(units["labels"], classifier.labels)
        except ValueError as error:
            raise InputError(
                f"{error}: the units carry labels the model does not know; the model's labels "
                f"are {classifier.labels}"
            ) from error
    except InputError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2

    same_as_training = _same_as_training_set(units, taxonomy, classifier)
    _warn_overlap(units, overlap, args, same_as_training)
    probabilities = classifier.predict_proba(units["text"].tolist(), progress=not args.quiet)
    predicted = (probabilities.to_numpy() >= classifier.thresholds).astype(int)
    report = evaluation_report(Y, predicted, taxonomy)
    report["units"] = {
        "evaluated": len(units),
        "no_label": int((Y.sum(axis=1) == 0).sum()),
        "sources": [str(p) for p in (*args.annotations, *args.units)],
    }
    report["model"] = {
        "path": str(args.model) if args.model else "shipped",
        "name": classifier.metadata.get("name"),
        "approach": classifier.metadata.get("approach"),
        "thresholds": dict(zip(classifier.labels, map(float, classifier.thresholds), strict=True)),
        "training_data_fingerprint": classifier.metadata.get("data", {}).get("fingerprint"),
    }
    report["overlap"] = {
        "checked_against": [str(p) for p in args.trained_on],
        "units_in_training": overlap,
        "dropped": overlap if args.drop_overlap else 0,
        "same_as_training_set": same_as_training,
    }

    args.out.mkdir(parents=True, exist_ok=True)
    save_json(args.out / "metrics.json", report)
    per_unit_table(units, classifier.labels, predicted, probabilities).to_csv(
        args.out / "per_unit.csv", index=False
    )
    print(format_report(report))
    print(f"\nwritten: {args.out / 'metrics.json'}, {args.out / 'per_unit.csv'}")
    return 0


def load_units(args: argparse.Namespace) -> pd.DataFrame:
    """The units to evaluate, from --annotations files and stored --units resolved on --shared."""
    missing = [str(p) for p in (*args.annotations, *args.units) if not p.is_file()]
    if missing:
        raise InputError(f"no such file: {', '.join(missing)}")
    empty = [str(p) for p in (*args.annotations, *args.units) if p.stat().st_size == 0]
    if empty:
        raise InputError(f"empty file: {', '.join(empty)}")
    frames = []
    for path in args.annotations:
        try:
            frame = read_annotations(path)
        except ValueError as error:
            raise InputError(str(error)) from error
        frames.append(_non_empty(frame, path))
    if args.units:
        frames.append(_resolved_units(args.units, args.shared, progress=not args.quiet))
    units = pd.concat(frames, ignore_index=True)
    return units[ANNOTATION_COLUMNS].reset_index(drop=True)


def _non_empty(frame: pd.DataFrame, path: Path) -> pd.DataFrame:
    frame = frame[frame["text"].astype(str).str.strip().astype(bool)] if len(frame) else frame
    if frame.empty:
        raise InputError(f"{path}: no annotated unit with text")
    return frame


def _resolved_units(paths: Sequence[Path], shared: Path, *, progress: bool) -> pd.DataFrame:
    stored = pd.concat([_read_table(path) for path in paths], ignore_index=True)
    missing = {"unit_id", "text_hash", "labels"} - set(stored.columns)
    if stored.empty or missing:
        raise InputError(
            f"--units {', '.join(map(str, paths))}: need rows with unit_id, text_hash and labels"
            + (f" (missing {sorted(missing)})" if missing else "")
        )
    sources = [shared / source for source in SHARED_SOURCES if (shared / source).exists()]
    if not sources:
        raise InputError(
            f"--shared {shared} holds none of {list(SHARED_SOURCES)}: cannot recover unit texts"
        )
    units, unresolved = recover_units(stored, sources, progress=progress)
    if len(unresolved):
        print(
            f"warning: {len(unresolved)} of {len(stored)} stored units are not in --shared or "
            f"no longer match it (ids: {', '.join(unresolved['unit_id'].head(5))} ...); left out",
            file=sys.stderr,
        )
    if units.empty:
        raise InputError(f"none of the {len(stored)} stored units could be found in {shared}")
    return units


def _read_table(path: Path) -> pd.DataFrame:
    try:
        if path.name.endswith(".csv"):
            return pd.read_csv(path, dtype=str, keep_default_na=False)
        return pd.read_json(path, lines=path.suffix == ".jsonl", dtype=False)
    except ValueError as error:
        raise InputError(f"{path}: not a readable JSONL or CSV file ({error})") from error


def training_hashes(paths: Sequence[Path]) -> set[str]:
    """Text hashes of the units in annotation files a model was trained on.

    Stored units carry ``text_hash``; written or user units carry ``text``, hashed here after
    the same normalisation ingestion and :func:`read_annotations` apply.
    """
    hashes: set[str] = set()
    for path in paths:
        if not path.is_file():
            raise InputError(f"--trained-on {path}: no such file")
        table = _read_table(path)
        if "text_hash" in table:
            hashes.update(table["text_hash"].astype(str))
        elif "text" in table:
            hashes.update(text_hash(normalize(str(text))) for text in table["text"])
        else:
            raise InputError(f"--trained-on {path}: needs a `text` or `text_hash` column")
    return hashes


def _load_model(path: Path | None) -> InterventionClassifier:
    if path is not None and not path.is_dir():
        raise InputError(f"--model {path}: no such folder")
    try:
        return load_classifier(path)
    except ModelLoadError as error:
        raise InputError(f"--model {path or '(shipped)'}: {error}") from error


def model_taxonomy(classifier: InterventionClassifier, path: Path | None) -> Taxonomy:
    """A taxonomy with the model's labels in its order, core labels as the model recorded them.

    A model trained by the training workflow records which labels are core in its metrics;
    otherwise they come from ``path`` (default: the project's taxonomy).
    """
    recorded = classifier.metadata.get("metrics") or []
    core = {row["label"] for row in recorded if row.get("core")}
    if not core:
        core = set(load_taxonomy(path).core) & set(classifier.labels)
    return Taxonomy(
        labels=tuple(Label(name, name, name in core, "", "", ()) for name in classifier.labels),
        source=str(classifier.metadata.get("taxonomy", "model")),
    )


def _same_as_training_set(
    units: pd.DataFrame, taxonomy: Taxonomy, classifier: InterventionClassifier
) -> bool | None:
    # The model records one fingerprint of its whole training set (not per-unit hashes): it
    # catches evaluating on exactly the file a model was trained on, in the same order.
    recorded = classifier.metadata.get("data", {}).get("fingerprint")
    if not recorded:
        return None
    return TrainingData(units.drop(columns="in_training"), taxonomy).fingerprint() == recorded


def _warn_overlap(
    units: pd.DataFrame, overlap: int, args: argparse.Namespace, same: bool | None
) -> None:
    if same:
        print(
            "WARNING: these units are exactly the data the model was trained on (same training "
            "data fingerprint): the scores below say how well it memorised them, not how well it "
            "tags new text.",
            file=sys.stderr,
        )
    if overlap and not args.drop_overlap:
        print(
            f"WARNING: {overlap} of {len(units)} evaluation units ({overlap / len(units):.0%}) "
            "have the text of units the model was trained on (in "
            f"{', '.join(str(p) for p in args.trained_on)}); scores on them are optimistic. "
            "Rerun with --drop-overlap to score only unseen units (per_unit.csv marks them in "
            "`in_training`).",
            file=sys.stderr,
        )
    elif overlap:
        print(
            f"note: left out {overlap} units the model was trained on (--drop-overlap)",
            file=sys.stderr,
        )


def evaluation_report(Y: np.ndarray, predicted: np.ndarray, taxonomy: Taxonomy) -> dict:
    """Per-label and averaged metrics, and how often units with no label get one anyway."""
    table = label_metrics(Y, predicted, taxonomy.names, taxonomy.core)
    per_label = table[table["label"].isin(taxonomy.names)]
    summary = table.set_index("label").loc[list(SUMMARY_ROWS)]
    no_label = Y.sum(axis=1) == 0
    without_support = per_label.loc[per_label["support"] == 0, "label"].tolist()
    supported_core = per_label[per_label["core"] & (per_label["support"] > 0)]
    return {
        "labels": [
            {
                "label": row.label,
                "core": bool(row.core),
                "precision": float(row.precision),
                "recall": float(row.recall),
                "f1": float(row.f1),
                "support": int(row.support),
            }
            for row in per_label.itertuples(index=False)
        ],
        **{
            key: {m: float(summary.loc[name, m]) for m in ("precision", "recall", "f1")}
            for name, key in SUMMARY_ROWS.items()
        },
        # Labels absent from a small evaluation set score F1 0 in the macro averages above.
        "labels_without_support": without_support,
        "macro_core_f1_labels_with_support": (
            float(supported_core["f1"].mean()) if len(supported_core) else None
        ),
        "no_label_false_positive_rate": (
            float((predicted[no_label].sum(axis=1) > 0).mean()) if no_label.any() else None
        ),
        "exact_match": float((predicted == Y).all(axis=1).mean()),
    }


def per_unit_table(
    units: pd.DataFrame, labels: list[str], predicted: np.ndarray, probabilities: pd.DataFrame
) -> pd.DataFrame:
    """One row per unit: id, origin, true and predicted labels, probabilities, text."""
    table = pd.DataFrame(
        {
            "unit_id": units["unit_id"],
            "origin": units["origin"],
            "true_labels": units["labels"].map(";".join),
            "predicted_labels": [
                ";".join(np.asarray(labels)[row.astype(bool)]) for row in predicted
            ],
            "in_training": units["in_training"],
        }
    )
    table["correct"] = [
        set(true) == set(np.asarray(labels)[row.astype(bool)])
        for true, row in zip(units["labels"], predicted, strict=True)
    ]
    for label in labels:
        table[f"p_{label}"] = probabilities[label].round(4).to_numpy()
    table["text"] = units["text"]
    return table


def format_report(report: dict) -> str:
    """The metrics as a table, with the averages and the false-positive rate below it."""
    rows = [
        {
            "label": row["label"] + (" *" if row["core"] else ""),
            "precision": row["precision"],
            "recall": row["recall"],
            "f1": row["f1"],
            "support": row["support"],
        }
        for row in report["labels"]
    ]
    for name, key in SUMMARY_ROWS.items():
        rows.append({"label": name, **report[key], "support": ""})
    width = max(len(row["label"]) for row in rows)
    table = [f"{'label':<{width}}  precision  recall     f1  support"]
    for row in rows:
        table.append(
            f"{row['label']:<{width}}  {row['precision']:9.3f}  {row['recall']:6.3f}  "
            f"{row['f1']:5.3f}  {row['support']:>7}"
        )
    fp_rate = report["no_label_false_positive_rate"]
    lines = [
        f"model {report['model']['name']} ({report['model']['approach']}) on "
        f"{report['units']['evaluated']:,} units, {report['units']['no_label']:,} with no label",
        *table,
        "(* core label)",
        "false-positive rate on no-label units: "
        + ("n/a (none)" if fp_rate is None else f"{fp_rate:.3f}"),
        f"exact match (all labels right): {report['exact_match']:.3f}",
    ]
    overlap = report["overlap"]
    if overlap["units_in_training"] and not overlap["dropped"]:
        lines.append(
            f"NOT HONEST: {overlap['units_in_training']:,} of these units were trained on "
            "(see the warning; --drop-overlap leaves them out)"
        )
    if overlap["same_as_training_set"]:
        lines.append("NOT HONEST: these units are the model's whole training set")
    if report["labels_without_support"]:
        lines.append(
            f"no unit has {', '.join(report['labels_without_support'])}: these count as F1 0 in "
            "the macro averages; macro F1 over core labels with support: "
            + (
                "n/a"
                if report["macro_core_f1_labels_with_support"] is None
                else f"{report['macro_core_f1_labels_with_support']:.3f}"
            )
        )
    return "\n".join(lines)
