"""The CI workflow runs what developers run, and builds both images without pushing."""

from __future__ import annotations

from typing import Any

from deploy_files import DEPLOY, REPO, load_yaml


def _workflow() -> dict[str, Any]:
    data: dict[str, Any] = load_yaml(REPO / ".github" / "workflows" / "ci.yml")
    return data


def _uses(job: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {step["uses"].split("@")[0]: step for step in job["steps"] if "uses" in step}


def test_ci_runs_make_test_on_python_3_11_node_20_and_chromium() -> None:
    workflow = _workflow()
    triggers = workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as true
    assert "pull_request" in triggers
    assert "push" in triggers
    job = workflow["jobs"]["test"]
    assert job["container"].startswith("python:3.11")
    uses = _uses(job)
    assert "actions/checkout" in uses
    assert uses["actions/setup-node"]["with"]["node-version"] == "20"
    scripts = "\n".join(step.get("run", "") for step in job["steps"])
    assert "apt-get install" in scripts
    assert "chromium" in scripts
    assert "make test" in scripts
    assert workflow["permissions"] == {"contents": "read"}


def test_ci_builds_both_images_with_buildx_and_pushes_nothing() -> None:
    job = _workflow()["jobs"]["images"]
    components = job["strategy"]["matrix"]["component"]
    assert sorted(components) == ["mcp", "server"]
    uses = _uses(job)
    assert "docker/setup-buildx-action" in uses
    build = uses["docker/build-push-action"]["with"]
    assert build["push"] is False
    assert build["file"] == "deploy/Dockerfile.${{ matrix.component }}"
    for component in components:
        assert (DEPLOY / f"Dockerfile.{component}").is_file()
