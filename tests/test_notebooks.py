"""The notebooks in notebooks/: committed clean, using the public API, and running end to end.

Running a notebook needs a Jupyter kernel, which talks to this process over ZMQ on
127.0.0.1. pytest-socket (``--disable-socket`` in addopts) blocks ``socket.socket`` in test
functions, and jupyter_client uses it to pick free ports, so the execution test allows
127.0.0.1 only. The kernel is a child process: pytest-socket does not reach it.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
NOTEBOOK_DIR = REPO / "notebooks"
NOTEBOOKS = sorted(NOTEBOOK_DIR.glob("*.ipynb"))
# Generous: a notebook takes one to two minutes on a busy two-core machine.
CELL_TIMEOUT_SECONDS = 600
# Attribute access to a private name, e.g. `vp.trends._flags` or `model._words`.
PRIVATE_ACCESS = re.compile(r"\._[A-Za-z]\w*")
PRIVATE_IMPORT = re.compile(r"^\s*(from|import)\s+vnpoverty(\.\w+)*\._", re.MULTILINE)


def _code_cells(path: Path) -> list[dict]:
    notebook = json.loads(path.read_text(encoding="utf-8"))
    return [cell for cell in notebook["cells"] if cell["cell_type"] == "code"]


def _source(cell: dict) -> str:
    source = cell["source"]
    return source if isinstance(source, str) else "".join(source)


def test_notebooks_are_numbered() -> None:
    assert NOTEBOOKS, f"no notebook in {NOTEBOOK_DIR}"
    numbers = [path.name.split("-", 1)[0] for path in NOTEBOOKS]
    assert all(number.isdigit() for number in numbers), numbers
    assert len(set(numbers)) == len(numbers), f"two notebooks share a number: {numbers}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda path: path.name)
def test_notebook_is_committed_without_outputs(path: Path) -> None:
    for index, cell in enumerate(_code_cells(path)):
        where = f"{path.name}, code cell {index}"
        assert cell.get("outputs") == [], f"{where} has outputs: clear them before committing"
        assert cell.get("execution_count") is None, f"{where} has an execution count"
        assert "execution" not in cell.get("metadata", {}), f"{where} has execution timings"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda path: path.name)
def test_notebook_uses_only_the_public_api(path: Path) -> None:
    for index, cell in enumerate(_code_cells(path)):
        source = _source(cell)
        found = PRIVATE_ACCESS.findall(source) + PRIVATE_IMPORT.findall(source)
        assert not found, f"{path.name}, code cell {index} uses private names: {found}"


@pytest.mark.slow
@pytest.mark.allow_hosts(["127.0.0.1"])
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda path: path.name)
def test_notebook_runs_without_error(path: Path) -> None:
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    pytest.importorskip("ipykernel")
    notebook = nbformat.read(path, as_version=4)
    client = nbclient.NotebookClient(
        notebook,
        kernel_name="python3",
        timeout=CELL_TIMEOUT_SECONDS,
        # Notebooks find their data relative to their own folder, as in Jupyter.
        resources={"metadata": {"path": str(NOTEBOOK_DIR)}},
    )
    # Raises CellExecutionError, naming the cell and its traceback, on the first failing cell.
    client.execute()
    errors = [
        output
        for cell in notebook.cells
        if cell.cell_type == "code"
        for output in cell.outputs
        if output.output_type == "error"
    ]
    assert not errors
