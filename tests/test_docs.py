"""Every CLI command and option, every intake.yaml key, contract column and validation rule is documented."""

from pathlib import Path

import pytest

from generator.cli import main
from generator.config.contract import table_spec
from generator.config.settings import PUBLICATION_KEYS, SOURCE_KEYS
from generator.core.errors import ISSUE_TYPES
from generator.core.names import TABLES

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text("utf-8")


def docs_text() -> str:
    site = ROOT / "site_src"
    pages = [p.read_text("utf-8") for p in site.rglob("*.md")] if site.exists() else []
    return "\n".join([README, *pages])


@pytest.mark.parametrize("name", sorted(main.commands))
def test_every_command_and_option_is_documented(name):
    text = docs_text()
    command = main.commands[name]
    assert f"zorgspiegel {name}" in text, f"command {name!r} is not in the README or site docs"
    for param in command.params:
        for opt in getattr(param, "opts", []):
            if opt.startswith("--"):
                assert opt in text, f"option {opt} of {name!r} is not documented"


def test_readme_first_code_block_is_the_two_commands():
    block = README.split("```", 2)[1].strip().splitlines()
    commands = [line for line in block if line.strip() and not line.lstrip().startswith("#")]
    assert commands == ["scripts/build", "scripts/test"]
    for cmd in commands:
        assert (ROOT / cmd).is_file()


@pytest.mark.parametrize("key", sorted(SOURCE_KEYS) + sorted(PUBLICATION_KEYS))
def test_every_intake_setting_is_documented(key):
    assert f"`{key}`" in docs_text()


@pytest.mark.parametrize("table", TABLES)
def test_every_contract_column_is_documented(table):
    for field in table_spec(table).fields:
        assert f"`{field.name}`" in docs_text(), (table, field.name)


@pytest.mark.parametrize("code", sorted(ISSUE_TYPES))
def test_every_validation_rule_is_documented(code):
    assert f"`{code}`" in docs_text()


def test_ci_runs_the_readme_test_command():
    assert "scripts/test" in (ROOT / ".ci" / "run").read_text()
