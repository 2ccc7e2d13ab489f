"""The house rules of generator/, read from the code itself (AST, no imports executed).

- Stages do not import each other: each sub-package imports only the packages listed in ALLOWED. The
  public side (package/, site/) sees compute only through its boundary, generator.compute.public
  (PublicRelease): what was not approved never reaches code that writes public files.
- No public module (package/, site/, publish/) names the intake's bookkeeping columns.
- Modules stay small enough to read: none is over MAX_LINES lines.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

GENERATOR = Path(__file__).resolve().parents[1] / "generator"
ALLOWED = {
    "core": {"core"},
    "config": {"core", "config"},
    "intake": {"core", "config", "intake"},
    "compute": {"core", "config", "compute"},
    "package": {"core", "config", "compute.public", "package"},
    "site": {"core", "config", "compute.public", "site"},
    "publish": {"core", "config", "package", "publish"},
    "demo": {"core", "config", "demo"},
}
PUBLIC = ("package", "site", "publish")
BOOKKEEPING = {"_file", "_row", "bucket"}
MAX_LINES = 400


def modules():
    """(sub-package, path) of every module in a stage's sub-package."""
    for path in sorted(GENERATOR.rglob("*.py")):
        rel = path.relative_to(GENERATOR)
        if len(rel.parts) > 1:
            yield rel.parts[0], path


def generator_imports(path: Path) -> list[tuple[int, str]]:
    """(line, dotted module below generator) of every import of generator's own code in a file."""
    found = []
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("generator"):
            names = (
                [node.module] if node.module != "generator" else [f"generator.{a.name}" for a in node.names]
            )
            found += [(node.lineno, n.removeprefix("generator").lstrip(".")) for n in names]
        elif isinstance(node, ast.Import):
            found += [
                (node.lineno, a.name.removeprefix("generator").lstrip("."))
                for a in node.names
                if a.name.startswith("generator.")
            ]
    return found


def allowed(stage: str, target: str) -> bool:
    """Whether a module of `stage` may import `target` (a dotted module below generator)."""
    return any(target == ok or target.startswith(ok + ".") for ok in ALLOWED[stage])


@pytest.mark.parametrize("stage", sorted(ALLOWED))
def test_each_stage_imports_only_what_it_may(stage):
    wrong = [
        f"{path.relative_to(GENERATOR)}:{line} imports generator.{target}"
        for s, path in modules()
        if s == stage
        for line, target in generator_imports(path)
        if not allowed(stage, target)
    ]
    assert not wrong, "\n".join(wrong)


def test_every_sub_package_is_covered_by_the_rule():
    stages = {p.name for p in GENERATOR.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    assert stages == set(ALLOWED)


def test_the_public_side_never_names_the_intake_bookkeeping():
    found = []
    for stage, path in modules():
        if stage not in PUBLIC:
            continue
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Constant) and node.value in BOOKKEEPING:
                found.append(f"{path.relative_to(GENERATOR)}:{node.lineno} {node.value!r}")
            if isinstance(node, ast.Name) and node.id in ("SOURCE_FILE", "SOURCE_ROW", "PROVENANCE"):
                found.append(f"{path.relative_to(GENERATOR)}:{node.lineno} {node.id}")
    assert not found, "\n".join(found)


def test_the_rule_catches_a_forbidden_import(tmp_path):
    """The checker itself: a site module importing compute's statistics is named."""
    bad = tmp_path / "bad.py"
    bad.write_text(
        "from generator.compute import stats\nfrom generator.compute.public import PublicRelease\n"
    )
    imports = generator_imports(bad)
    assert imports == [(1, "compute"), (2, "compute.public")]
    assert not allowed("site", "compute") and allowed("site", "compute.public")
    assert not allowed("site", "compute.stats")


def test_no_module_is_too_long_to_read():
    long = {
        str(p.relative_to(GENERATOR)): n
        for p in GENERATOR.rglob("*.py")
        if (n := len(p.read_text("utf-8").splitlines())) > MAX_LINES
    }
    assert not long, long
