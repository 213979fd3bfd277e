"""Model folders: one pickled payload, its metadata and a card, written atomically.

A model folder holds::

    <payload>.joblib  the pickled object
    metadata.json     what the model is (``kind``), config, data hashes, library versions,
                      the payload's SHA-256, metrics
    MODEL_CARD.md     intended use, limits, measured quality and speed

Reading checks the payload's SHA-256 and the recorded library versions *before* unpickling,
so a corrupt or tampered file is refused with a clear error instead of executing. Writing
builds the folder beside the target and swaps it in: an existing model is never left
half-overwritten.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import warnings
from collections.abc import Callable, Iterable, Mapping
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

import joblib

METADATA = "metadata.json"
CARD = "MODEL_CARD.md"


class ModelLoadError(RuntimeError):
    """A model folder is missing pieces, corrupt, tampered with, or from other library versions."""


def library_versions(names: Iterable[str]) -> dict[str, str]:
    """Installed versions of ``names`` and of vnpoverty ("not installed" where missing)."""
    versions = {}
    for name in (*names, "vnpoverty"):
        try:
            versions[name] = version(name)
        except PackageNotFoundError:
            versions[name] = "not installed"
    return versions


def sha256_file(path: str | os.PathLike[str]) -> str:
    """Hex SHA-256 of a file, read in blocks."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def write_model_folder(
    target: str | os.PathLike[str],
    payload: object,
    metadata: Mapping[str, Any],
    *,
    payload_name: str,
    libraries: Iterable[str],
    card: str | Callable[[Mapping[str, Any]], str],
) -> dict[str, Any]:
    """Pickle ``payload`` into a new model folder at ``target`` and return the full metadata.

    Parameters
    ----------
    target : str or PathLike
        The folder to create; an existing one is replaced only once the new one is complete.
    payload : object
        What to pickle (joblib, compressed).
    metadata : mapping
        Everything to record; ``libraries``, ``payload`` and ``payload_sha256`` are added.
    payload_name : str
        File name of the payload inside the folder.
    libraries : iterable of str
        Distributions whose versions are recorded (and checked on reading).
    card : str or callable
        The model card, or a function of the final metadata that writes it.
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}."))
    # mkdtemp makes the folder private (0700); a model folder is meant to be shared.
    os.chmod(staging, 0o755)
    try:
        joblib.dump(payload, staging / payload_name, compress=3)
        full = {
            **metadata,
            "libraries": library_versions(libraries),
            "payload": payload_name,
            "payload_sha256": sha256_file(staging / payload_name),
        }
        (staging / METADATA).write_text(
            json.dumps(full, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )
        (staging / CARD).write_text(card(full) if callable(card) else card, encoding="utf-8")
        _swap_in(staging, target)
    finally:
        if staging.exists():
            shutil.rmtree(staging)
    return full


def read_model_folder(
    folder: str | os.PathLike[str],
    *,
    kind: str,
    strict_libraries: Iterable[str] = ("scikit-learn",),
    check_versions: bool = True,
) -> tuple[object, dict[str, Any]]:
    """Verify and unpickle a model folder; return ``(payload, metadata)``.

    Parameters
    ----------
    folder : str or PathLike
        A folder written by :func:`write_model_folder`.
    kind : str
        The kind of model expected; a folder recording another kind is refused.
    strict_libraries : iterable of str
        Libraries whose minor version must match the recorded one (their pickles change
        between minor versions). Other recorded libraries that differ give a warning.
    check_versions : bool, default True
        Set False only to inspect an old model.

    Raises
    ------
    ModelLoadError
        If a file is missing, the folder holds another kind of model, the payload's SHA-256
        differs from the recorded one, or a strict library's version does not fit.
    """
    folder = Path(folder)
    metadata_path = folder / METADATA
    if not metadata_path.is_file():
        raise ModelLoadError(f"{folder} is not a vnpoverty model folder: no {METADATA}")
    try:
        metadata = json.loads(metadata_path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise ModelLoadError(f"{metadata_path} is not valid JSON: {error}") from error
    # Folders written before kinds were recorded all hold intervention classifiers.
    recorded_kind = metadata.get("kind", "intervention-classifier")
    if recorded_kind != kind:
        raise ModelLoadError(f"{folder} holds a {recorded_kind}, not a {kind}")
    payload = folder / str(metadata.get("payload", ""))
    if not metadata.get("payload") or not payload.is_file():
        raise ModelLoadError(f"{folder}: the payload {payload.name or '(unnamed)'} is missing")
    if sha256_file(payload) != metadata.get("payload_sha256"):
        raise ModelLoadError(
            f"{payload} does not match the SHA-256 recorded in {METADATA}: the file is corrupt "
            "or was changed after it was saved. Refusing to unpickle it; refit or restore it."
        )
    if check_versions:
        _check_versions(metadata.get("libraries", {}), folder, tuple(strict_libraries))
    return joblib.load(payload), metadata


def _check_versions(recorded: Mapping[str, str], folder: Path, strict: tuple[str, ...]) -> None:
    installed = library_versions(recorded)
    for name in strict:
        if name in recorded and _minor(recorded[name]) != _minor(installed[name]):
            raise ModelLoadError(
                f"{folder} was saved with {name} {recorded[name]}, this environment has "
                f"{installed[name]}; install {name}=={recorded[name]} or retrain the model"
            )
    different = {
        name: (value, installed[name])
        for name, value in recorded.items()
        if name not in strict and name != "vnpoverty" and value != installed[name]
    }
    if different:
        listed = ", ".join(f"{n} {a} -> {b}" for n, (a, b) in different.items())
        warnings.warn(f"{folder}: library versions differ from training: {listed}", stacklevel=4)


def _minor(text: str) -> tuple[str, ...]:
    return tuple(text.split(".")[:2])


def _swap_in(staging: Path, target: Path) -> None:
    if target.exists():
        retired = target.with_name(f".{target.name}.old")
        if retired.exists():
            shutil.rmtree(retired)
        os.replace(target, retired)
        os.replace(staging, target)
        shutil.rmtree(retired)
    else:
        os.replace(staging, target)
