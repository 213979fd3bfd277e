"""Read the cross-validated output that training wrote into a model folder."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from vnpoverty.classify import load_taxonomy
from vnpoverty.classify.annotations import label_matrix
from vnpoverty.workflows.train_classifier import OUT_OF_FOLD_FILE


@dataclass
class OutOfFold:
    """The out-of-fold table of one model folder, with its labels as matrices."""

    table: pd.DataFrame
    names: list[str]
    core: list[str]
    metadata: dict

    def approach(self, name: str) -> pd.DataFrame:
        return self.table[self.table["approach"] == name].reset_index(drop=True)

    def matrices(self, name: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Annotated labels, predicted labels and probabilities of one approach."""
        rows = self.approach(name)
        probabilities = rows[[f"p_{n}" for n in self.names]].to_numpy()
        return self._labels(rows["labels"]), self._labels(rows["predicted"]), probabilities

    def _labels(self, column: pd.Series) -> np.ndarray:
        return label_matrix([v.split(";") if v else [] for v in column], self.names)


def read_out_of_fold(model: Path) -> OutOfFold:
    source = model / OUT_OF_FOLD_FILE
    if not source.exists():
        raise SystemExit(f"{source} is missing: retrain with a comparison to write it")
    metadata = json.loads((model / "metadata.json").read_text(encoding="utf-8"))
    return OutOfFold(
        pd.read_csv(source, keep_default_na=False),
        list(metadata["labels"]),
        list(load_taxonomy().core),
        metadata,
    )
