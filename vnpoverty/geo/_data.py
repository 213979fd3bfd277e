"""Read the committed gazetteer tables in ``vnpoverty/geo/data/`` (see tools/build_geo_data.py)."""

from __future__ import annotations

import csv
import json
from functools import cache
from importlib import resources


def _open(name: str):  # -> TextIO
    return resources.files("vnpoverty.geo").joinpath("data", name).open(encoding="utf-8")


@cache
def province_rows() -> tuple[dict[str, str], ...]:
    """Rows of provinces.csv (both schemes). Callers must not mutate them."""
    with _open("provinces.csv") as handle:
        return tuple(csv.DictReader(handle))


@cache
def district_rows() -> tuple[dict[str, str], ...]:
    """Rows of districts.csv: one per district before 1 July 2025."""
    with _open("districts.csv") as handle:
        return tuple(csv.DictReader(handle))


@cache
def alias_rows() -> tuple[dict[str, str], ...]:
    """Rows of aliases.csv: other spellings of province names."""
    with _open("aliases.csv") as handle:
        return tuple(csv.DictReader(handle))


@cache
def region_records() -> tuple[dict, ...]:
    """Records of regions.json: key, name, kind, parent, patterns, exact."""
    with _open("regions.json") as handle:
        return tuple(json.load(handle))
