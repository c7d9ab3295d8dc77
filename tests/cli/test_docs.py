"""Documentation is tested: the CLI and settings references are regenerated and compared with docs/."""

from __future__ import annotations

from pathlib import Path

from ljeco.cli.docs import cli_reference, settings_reference

DOCS = Path(__file__).resolve().parents[2] / "docs"


def test_cli_reference_matches_help():
    assert (DOCS / "cli.md").read_text(encoding="utf-8") == cli_reference(), (
        "docs/cli.md drifted from --help: run `ljeco docs cli`"
    )


def test_settings_reference_matches_settings():
    assert (DOCS / "settings.md").read_text(encoding="utf-8") == settings_reference(), (
        "docs/settings.md drifted from Settings: run `ljeco docs settings`"
    )


def test_every_command_has_a_help_line():
    text = cli_reference()
    for block in text.split("## `")[1:]:
        title = block.split("`", 1)[0]
        assert "Usage:" in block, title


def test_glossary_is_assembled_from_topics():
    from ljeco.cli.docs import glossary_reference

    assert (DOCS / "glossary.md").read_text(encoding="utf-8") == glossary_reference(DOCS / "glossary"), (
        "docs/glossary.md drifted: run `ljeco docs glossary`"
    )


def test_bench_results_are_assembled():
    import importlib.util

    path = DOCS.parent / "bench" / "assemble_results.py"
    spec = importlib.util.spec_from_file_location("assemble_results", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert (DOCS.parent / "bench" / "RESULTS.md").read_text(encoding="utf-8") == module.assemble(), (
        "bench/RESULTS.md drifted: run bench/assemble_results.py"
    )


def test_database_errors_are_one_line(monkeypatch, capsys):
    import pytest
    from sqlalchemy.exc import OperationalError

    import ljeco.cli as cli

    def locked() -> None:
        raise OperationalError("DROP INDEX x", {}, Exception("database is locked"))

    monkeypatch.setattr(cli, "app", locked)
    with pytest.raises(SystemExit) as info:
        cli.main()
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert "db.unavailable" in err and "database is locked" in err and "Traceback" not in err
