"""Container images and docker compose, checked without a Docker engine.

The Dockerfiles are parsed with dockerfile-parse; the compose file with PyYAML and, when
a compose tool is installed, with `docker compose config`; build.sh runs against a fake
`docker` that records what it was asked to build.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from deploy_files import DEPLOY, REPO, SETTING_NAMES, load_yaml

dockerfile_parse = pytest.importorskip("dockerfile_parse", reason="pip install dockerfile-parse")

DOCKERFILES = {"server": ("Dockerfile.server", 8080), "mcp": ("Dockerfile.mcp", 8000)}
SECRET_NAME = re.compile(r"(?i)(password|passwd|secret|token|api_?key)")
PINNED_IMAGE = re.compile(r"^[\w./-]+:\d+\.\d+(\.\d+)?[\w.-]*(@sha256:[0-9a-f]{64})?$")
COMPOSE_ENV = {
    "POSTGRES_PASSWORD": "pg-test",
    "MCP_TOKEN": "mcp-test",
    "GRAFANA_ADMIN_PASSWORD": "x",
    "ODOO_USER": "daniel-bot@example.com",
    "SERVER_SECRET_KEY": "secret-key-test",
}


def _final_stage(component: str) -> list[dict[str, str]]:
    parser = dockerfile_parse.DockerfileParser(
        fileobj=(DEPLOY / DOCKERFILES[component][0]).open("rb")
    )
    structure: list[dict[str, str]] = parser.structure
    froms = [i for i, item in enumerate(structure) if item["instruction"] == "FROM"]
    assert len(froms) >= 2, "multi-stage: wheels are built in a stage of their own"
    return structure[froms[-1] :]


def _parents(component: str) -> list[str]:
    path = DEPLOY / DOCKERFILES[component][0]
    parents: list[str] = dockerfile_parse.DockerfileParser(fileobj=path.open("rb")).parent_images
    return parents


@pytest.mark.parametrize("component", sorted(DOCKERFILES))
def test_image_runs_as_a_numeric_non_root_user(component: str) -> None:
    users = [i["value"] for i in _final_stage(component) if i["instruction"] == "USER"]
    assert users, "the runtime stage sets USER"
    uid = users[-1].split(":")[0]
    assert uid.isdigit(), "numeric, so Kubernetes can verify runAsNonRoot"
    assert int(uid) != 0


@pytest.mark.parametrize("component", sorted(DOCKERFILES))
def test_image_health_check_asks_health_with_python(component: str) -> None:
    checks = [i["value"] for i in _final_stage(component) if i["instruction"] == "HEALTHCHECK"]
    assert len(checks) == 1
    assert "/health" in checks[0]
    assert "urllib.request" in checks[0]
    assert '"python", "-c"' in checks[0]  # no curl in a slim image
    port = DOCKERFILES[component][1]
    exposed = [i["value"] for i in _final_stage(component) if i["instruction"] == "EXPOSE"]
    assert exposed == [str(port)]
    assert f"'{port}'" in checks[0]  # the default port the check falls back to


@pytest.mark.parametrize("component", sorted(DOCKERFILES))
def test_base_images_are_pinned_to_a_release(component: str) -> None:
    parents = _parents(component)
    assert parents, "FROM lines found"
    for image in parents:
        assert PINNED_IMAGE.match(image), f"{image} is not pinned to a version"
        assert "latest" not in image
    assert any(image.startswith("python:3.11.") and "-slim" in image for image in parents)


@pytest.mark.parametrize("component", sorted(DOCKERFILES))
def test_no_secret_is_baked_into_an_image(component: str) -> None:
    parser = dockerfile_parse.DockerfileParser(
        fileobj=(DEPLOY / DOCKERFILES[component][0]).open("rb")
    )
    for item in parser.structure:
        if item["instruction"] in {"ENV", "ARG", "LABEL"}:
            for name in re.findall(r"([A-Za-z_][A-Za-z0-9_]*)=", item["value"]):
                assert not SECRET_NAME.search(name), f"{item['instruction']} {name} in image"
        if item["instruction"] in {"COPY", "ADD"}:
            assert ".env" not in item["value"].split(), "no .env copied into an image"


def test_build_context_is_an_allow_list_without_secrets() -> None:
    lines = [
        line.strip()
        for line in (REPO / ".dockerignore").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    assert lines[0] == "**", "everything is excluded unless listed"
    included = [line[1:] for line in lines if line.startswith("!")]
    assert "src/" in included
    assert "pyproject.toml" in included
    for path in included:
        assert ".env" not in path
        assert not path.startswith((".venv", "tests", ".git"))


# --------------------------------------------------------------------------- compose
def _compose() -> Any:
    return load_yaml(DEPLOY / "docker-compose.yml")


def test_every_compose_service_has_a_health_check_and_waits_for_healthy_ones() -> None:
    services = _compose()["services"]
    assert {"postgres", "odoo", "mcp", "server", "prometheus", "grafana"} <= set(services)
    for name, service in services.items():
        assert isinstance(service, dict)
        test = service["healthcheck"]["test"]
        assert test[0] in {"CMD", "CMD-SHELL"}, name
        for dependency, condition in (service.get("depends_on") or {}).items():
            assert condition == {"condition": "service_healthy"}, f"{name} -> {dependency}"
            assert "healthcheck" in services[dependency]
    assert services["odoo"]["image"] == "odoo:18"
    assert services["postgres"]["image"] == "postgres:16"
    assert "/health" in str(services["server"]["healthcheck"])
    assert "/health" in str(services["mcp"]["healthcheck"])


def test_compose_images_are_tagged_and_ports_stay_on_loopback() -> None:
    for name, service in _compose()["services"].items():
        image = str(service["image"])
        assert ":" in image, f"{name} has no tag"
        assert not image.endswith(":latest"), name
        for port in service.get("ports", []):
            assert str(port).startswith("127.0.0.1:"), f"{name} publishes {port} to every host"


def test_compose_takes_every_secret_from_the_environment() -> None:
    for name, service in _compose()["services"].items():
        for key, value in (service.get("environment") or {}).items():
            if SECRET_NAME.search(key) and not key.endswith("_USER"):
                assert str(value).startswith("${"), f"{name}: {key} has a literal value"


def test_compose_passes_only_settings_daniel_reads() -> None:
    services = _compose()["services"]
    for name in ("mcp", "server"):
        unknown = set(services[name]["environment"]) - SETTING_NAMES
        assert not unknown, f"{name}: {unknown} are not Daniel settings (typo?)"
    server_env = services["server"]["environment"]
    assert server_env["MCP_URL"] == "http://mcp:8000/mcp"
    assert server_env["MCP_CLIENT_TOKEN"] == services["mcp"]["environment"]["MCP_TOKEN"]


def test_compose_shares_state_in_redis_and_gives_the_server_time_to_drain() -> None:
    services = _compose()["services"]
    assert "redis-cli" in str(services["redis"]["healthcheck"]["test"])
    assert "ports" not in services["redis"]  # reachable by the other services only
    for name in ("mcp", "server"):
        assert services[name]["environment"]["REDIS_URL"] == "redis://redis:6379/0"
        assert services[name]["depends_on"]["redis"] == {"condition": "service_healthy"}
    server = services["server"]
    drain = int(str(server["environment"]["SERVER_DRAIN_SECONDS"]).split(":-")[1].rstrip("}"))
    assert int(str(server["stop_grace_period"]).rstrip("s")) >= drain + 10


def test_compose_mounts_the_monitoring_configuration_that_exists() -> None:
    services = _compose()["services"]
    for service in ("prometheus", "grafana"):
        for volume in services[service]["volumes"]:
            source = str(volume).split(":")[0]
            if source.startswith("./"):
                assert (DEPLOY / source).exists(), f"{service} mounts missing {source}"
    env_example = (DEPLOY / ".env.example").read_text()
    compose_lines = (DEPLOY / "docker-compose.yml").read_text().splitlines()
    code = "\n".join(line for line in compose_lines if not line.lstrip().startswith("#"))
    for required in re.findall(r"\$\{(\w+):\?", code):
        assert f"\n{required}=" in env_example, f"{required} is required but not in .env.example"


def _compose_tool() -> list[str] | None:
    docker = shutil.which("docker")
    if (
        docker
        and subprocess.run([docker, "compose", "version"], capture_output=True).returncode == 0
    ):
        return [docker, "compose"]
    legacy = shutil.which("docker-compose")
    return [legacy] if legacy else None


def _compose_config(tmp_path: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    tool = _compose_tool()
    if tool is None:
        pytest.skip("neither `docker compose` nor docker-compose is installed")
    compose = DEPLOY / "docker-compose.yml"
    if tool[0].endswith("docker-compose"):  # v1 knows the Compose Specification but not `name`
        shutil.copytree(DEPLOY, tmp_path / "deploy")
        compose = tmp_path / "deploy" / "docker-compose.yml"
        compose.write_text(re.sub(r"(?m)^name: .*\n", "", compose.read_text()))
    clean = {k: v for k, v in os.environ.items() if k in {"PATH", "HOME", "LANG"}}
    return subprocess.run(
        [*tool, "-f", str(compose), "config"],
        capture_output=True,
        text=True,
        env={**clean, **env},
        cwd=tmp_path,
        timeout=60,
    )


def test_compose_config_is_valid(tmp_path: Path) -> None:
    result = _compose_config(tmp_path, COMPOSE_ENV)
    assert result.returncode == 0, result.stderr
    assert "mcp-test" in result.stdout  # the token reached both servers
    assert result.stdout.count("mcp-test") == 2


def test_compose_refuses_to_start_without_the_mcp_token(tmp_path: Path) -> None:
    result = _compose_config(tmp_path, {k: v for k, v in COMPOSE_ENV.items() if k != "MCP_TOKEN"})
    assert result.returncode != 0
    assert "set MCP_TOKEN in deploy/.env" in result.stderr


# --------------------------------------------------------------------------- build
def _fake_docker(tmp_path: Path) -> Path:
    log = tmp_path / "docker-calls.jsonl"
    fake = tmp_path / "docker"
    fake.write_text(
        f"#!{sys.executable}\n"
        "import json, sys\n"
        f"with open({str(log)!r}, 'a') as out:\n"
        "    out.write(json.dumps(sys.argv[1:]) + '\\n')\n"
    )
    fake.chmod(0o755)
    return fake


def test_build_sh_builds_both_images_with_the_tag(tmp_path: Path) -> None:
    env = {**os.environ, "DOCKER": str(_fake_docker(tmp_path)), "DANIEL_IMAGE_PREFIX": "acme"}
    result = subprocess.run(
        [str(REPO / "build.sh"), "1.2.3"], capture_output=True, text=True, env=env, timeout=30
    )
    assert result.returncode == 0, result.stderr
    calls = [
        json.loads(line) for line in (tmp_path / "docker-calls.jsonl").read_text().splitlines()
    ]
    built = {call[call.index("--tag") + 1]: call[call.index("--file") + 1] for call in calls}
    assert built == {
        "acme-server:1.2.3": "deploy/Dockerfile.server",
        "acme-mcp:1.2.3": "deploy/Dockerfile.mcp",
    }
    assert all(call[0] == "build" and call[-1] == "." for call in calls)


def test_build_sh_refuses_a_bad_tag(tmp_path: Path) -> None:
    env = {**os.environ, "DOCKER": str(_fake_docker(tmp_path))}
    result = subprocess.run(
        [str(REPO / "build.sh"), "no spaces"], capture_output=True, text=True, env=env, timeout=30
    )
    assert result.returncode == 2
    assert "not a valid image tag" in result.stderr
    assert not (tmp_path / "docker-calls.jsonl").exists()


def test_make_targets_run_build_sh_and_compose() -> None:
    result = subprocess.run(
        ["make", "-n", "-C", str(REPO), "docker-build", "compose-up", "TAG=7.7"],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 0, result.stderr
    assert "./build.sh 7.7" in result.stdout
    assert "docker compose -f deploy/docker-compose.yml up -d" in result.stdout
