"""The vnpoverty command: exit codes, messages, ingest and the workflow subcommands."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

import vnpoverty
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


# --- train, evaluate, topics: the workflows of vnpoverty.workflows ------------------------------


@pytest.mark.parametrize(
    ("command", "example"),
    [
        ("train", "vnpoverty train --user my_labels.csv --only-user"),
        ("evaluate", "vnpoverty evaluate --annotations held_out.csv --out eval/"),
        ("topics", "vnpoverty topics --corpus corpus.parquet"),
    ],
)
def test_help_of_workflows_shows_their_examples(command, example, capsys) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main([command, "--help"])
    assert exit_info.value.code == 0
    printed = capsys.readouterr().out
    assert printed.startswith(f"usage: vnpoverty {command} ")
    assert "Examples:" in printed and example in printed
    assert "--out" in printed


def test_top_level_help_lists_every_command(capsys) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--help"])
    assert exit_info.value.code == 0
    printed = capsys.readouterr().out
    for command in ("analyze", "demo", "tag", "ingest", "train", "evaluate", "topics"):
        assert re.search(rf"^\s+{command}\s+\S", printed, flags=re.MULTILINE), command


def test_train_without_training_data_names_the_options(capsys) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["train"])
    assert exit_info.value.code == EXIT_USAGE
    message = capsys.readouterr().err
    assert "usage: vnpoverty train" in message
    for option in ("--user FILE --only-user", "--annotations FILE", "--shared DIR"):
        assert option in message
    with pytest.raises(SystemExit) as exit_info:  # half of the project's inputs is not enough
        main(["train", "--annotations", "units.jsonl", "--out", "model"])
    assert exit_info.value.code == EXIT_USAGE
    assert "--shared DIR" in capsys.readouterr().err


def test_evaluate_units_without_shared_names_the_option(tmp_path, capsys) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["evaluate", "--units", str(tmp_path / "u.jsonl"), "--out", str(tmp_path / "e")])
    assert exit_info.value.code == EXIT_USAGE
    assert "--units needs --shared DIR" in capsys.readouterr().err


def test_workflow_exit_codes_pass_through(tmp_path, capsys) -> None:
    code = main(["topics", "--corpus", str(tmp_path / "nope.parquet"), "--out", str(tmp_path)])
    assert code == EXIT_USAGE
    assert "no such file" in capsys.readouterr().err


# Our own paragraphs on four interventions, in eight provinces over four years.
_THEMES = (
    "Huyện {place} bàn giao {n} căn nhà đại đoàn kết cho hộ nghèo có nhà dột nát.",
    "Ngân hàng chính sách ở {place} cho {n} hộ nghèo vay vốn ưu đãi để chăn nuôi.",
    "Trạm y tế xã ở {place} cấp {n} thẻ bảo hiểm y tế miễn phí cho người nghèo.",
    "Công trình nước sạch ở {place} đưa nước sinh hoạt hợp vệ sinh đến {n} hộ dân.",
)
_PLACES = (
    "Lai Châu",
    "Sơn La",
    "Hà Giang",
    "Điện Biên",
    "Yên Bái",
    "Cao Bằng",
    "Lào Cai",
    "Bắc Kạn",
)


@pytest.mark.slow  # UMAP's numba functions compile once per process (about 30 s)
def test_topics_end_to_end_on_a_small_table(tmp_path, capsys) -> None:
    from vnpoverty.topics import load_topics

    rows = [
        {
            "para_id": f"d{i // 2}:{i % 2}",
            "doc_id": f"d{i // 2}",
            "kind": "body",
            "text": _THEMES[i % 4].format(place=_PLACES[(i // 4) % 8], n=10 + 7 * i),
            "date": f"{2020 + i % 4}-0{1 + i % 9}-15",
        }
        for i in range(80)
    ]
    table = tmp_path / "paragraphs.csv"
    pd.DataFrame(rows).to_csv(table, index=False)
    out, tables = tmp_path / "topics", tmp_path / "tables"
    arguments = ["--corpus", str(table), "--embedding", "tfidf-svd", "--quiet"]
    code = main(["topics", *arguments, "--out", str(out), "--tables", str(tables)])
    assert code == EXIT_OK
    assert load_topics(out).n_documents_ == 80
    info = pd.read_csv(tables / "topic_info.csv")
    assert info["paragraphs"].sum() == 80
    assert len(info[info["topic"] >= 0]) >= 2
    assert (tables / "topics_over_time.csv").exists()
    printed = capsys.readouterr().out
    assert "80 modelled" in printed and str(out) in printed


# Code that finds a checkout's files from the package's own location breaks once installed.
_CHECKOUT_PATHS = re.compile(
    r"parent\.parent|\.parents\[\d+\]|/\s*[\"'](?:annotations|shared|training)[\"']|[\"']\.\./shared"
)


def test_the_package_assumes_no_checkout_layout() -> None:
    package = Path(vnpoverty.__file__).resolve().parent
    offending = [
        f"{path.relative_to(package)}:{number}: {line.strip()}"
        for path in sorted(package.rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if _CHECKOUT_PATHS.search(line)
    ]
    assert offending == []
    for path in [*(package / "workflows").glob("*.py"), package / "cli.py"]:
        assert "__file__" not in path.read_text(encoding="utf-8"), path
