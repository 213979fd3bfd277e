"""The vnpoverty command: exit codes, messages and the ingest subcommand."""

from __future__ import annotations

import pandas as pd
import pytest

from vnpoverty.cli import EXIT_FAILED, EXIT_OK, EXIT_USAGE, main
from vnpoverty.corpus import load


def _articles(folder) -> None:
    folder.mkdir()
    (folder / "bai-1.txt").write_text(
        "Lai Châu hỗ trợ làm nhà cho hộ nghèo\n\n"
        "Năm 2023, tỉnh Lai Châu đã hỗ trợ làm mới 210 căn nhà cho hộ nghèo ở huyện Mường Tè.\n\n"
        "Mỗi hộ được hỗ trợ 40 triệu đồng và vay thêm vốn ưu đãi.\n\n"
        "Minh Hà\n",
        encoding="utf-8",
    )


def test_no_command_prints_help(capsys) -> None:
    assert main([]) == EXIT_USAGE
    assert "ingest" in capsys.readouterr().out


def test_help_of_ingest(capsys) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["ingest", "--help"])
    assert exit_info.value.code == 0
    assert "--column" in capsys.readouterr().out


def test_ingest_writes_parquet_and_csv(tmp_path, capsys) -> None:
    _articles(tmp_path / "in")
    out = tmp_path / "out" / "corpus.parquet"
    assert main(["ingest", str(tmp_path / "in"), "--out", str(out), "--csv", "--quiet"]) == EXIT_OK
    table = load(out)
    assert table["doc_province"].iloc[0] == "lai_chau"
    assert table["byline"].iloc[0] == "Minh Hà"
    csv = pd.read_csv(out.with_suffix(".csv"))
    assert len(csv) == len(table)
    assert "documents" in capsys.readouterr().out


def test_ingest_errors_are_messages_not_tracebacks(tmp_path, capsys) -> None:
    assert main(["ingest", str(tmp_path / "missing"), "--out", str(tmp_path / "x")]) == EXIT_FAILED
    assert "no such file" in capsys.readouterr().err
    _articles(tmp_path / "in")
    code = main(["ingest", str(tmp_path / "in"), "--out", str(tmp_path / "x"), "--column", "body"])
    assert code == EXIT_FAILED
    assert "FIELD=COLUMN" in capsys.readouterr().err
