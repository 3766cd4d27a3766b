"""The Kubernetes manifests: schema-valid, probed, limited, non-root, shared state in Redis."""

from __future__ import annotations

import re
import shutil
import subprocess
from typing import Any

import pytest
from deploy_files import K8S, SETTING_NAMES, load_yaml, load_yaml_all

kubernetes_validate = pytest.importorskip(
    "kubernetes_validate", reason="pip install kubernetes-validate"
)

KUBERNETES_VERSION = "1.30"  # the oldest release with the preStop `sleep` action


def _objects() -> list[dict[str, Any]]:
    return [doc for path in sorted(K8S.glob("*.yaml")) for doc in load_yaml_all(path)]


def _by_kind(kind: str) -> dict[str, dict[str, Any]]:
    return {obj["metadata"]["name"]: obj for obj in _objects() if obj["kind"] == kind}


def test_every_manifest_is_valid_against_the_kubernetes_schema() -> None:
    objects = [obj for obj in _objects() if obj["kind"] != "Kustomization"]
    assert len(objects) >= 12
    for obj in objects:
        kubernetes_validate.validate(obj, KUBERNETES_VERSION, strict=True)


def test_kustomization_applies_everything_but_the_secret_template() -> None:
    kustomization = load_yaml(K8S / "kustomization.yaml")
    files = {path.name for path in K8S.glob("*.yaml")}
    assert set(kustomization["resources"]) == files - {"kustomization.yaml", "secret.example.yaml"}


@pytest.mark.skipif(shutil.which("kubectl") is None, reason="kubectl is not installed")
def test_kubectl_kustomize_renders_the_manifests() -> None:
    result = subprocess.run(
        ["kubectl", "kustomize", str(K8S)], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert "image: ghcr.io/example/daniel-server:0.1.0" in result.stdout


@pytest.mark.parametrize("name", ["daniel-server", "daniel-mcp"])
def test_deployments_are_probed_limited_and_locked_down(name: str) -> None:
    deployment = _by_kind("Deployment")[name]
    pod = deployment["spec"]["template"]["spec"]
    assert pod["securityContext"]["runAsNonRoot"] is True
    assert pod["securityContext"]["runAsUser"] != 0
    assert pod["automountServiceAccountToken"] is False
    for container in pod["containers"]:
        for probe in ("startupProbe", "readinessProbe"):
            assert container[probe]["httpGet"]["path"] == "/health", f"{name} {probe}"
        # /health fails while a dependency (Odoo, MCP) is down; a restart would not help.
        assert container["livenessProbe"]["tcpSocket"]["port"] == "http"
        resources = container["resources"]
        assert set(resources["requests"]) == {"cpu", "memory"}
        assert set(resources["limits"]) == {"cpu", "memory"}
        security = container["securityContext"]
        assert security["readOnlyRootFilesystem"] is True
        assert security["allowPrivilegeEscalation"] is False
        assert security["capabilities"]["drop"] == ["ALL"]
        mounts = {mount["mountPath"] for mount in container["volumeMounts"]}
        assert "/tmp" in mounts  # the only writable place besides declared volumes
    template = deployment["spec"]["template"]["metadata"]
    assert template["annotations"]["prometheus.io/path"] == "/metrics"


def test_avatar_servers_autoscale_without_affinity_and_share_state_in_redis() -> None:
    server = _by_kind("Deployment")["daniel-server"]
    assert server["spec"]["replicas"] >= 2
    annotations = _by_kind("Ingress")["daniel-server"]["metadata"]["annotations"]
    prefix = "nginx.ingress.kubernetes.io/"
    assert not any("affinity" in key or "session-cookie" in key for key in annotations)
    assert int(annotations[prefix + "proxy-read-timeout"]) >= 3600
    assert int(annotations[prefix + "proxy-send-timeout"]) >= 3600
    assert "sessionAffinity" not in _by_kind("Service")["daniel-server"]["spec"]
    hpa = _by_kind("HorizontalPodAutoscaler")["daniel-server"]
    assert hpa["spec"]["scaleTargetRef"]["name"] == "daniel-server"
    assert hpa["spec"]["minReplicas"] >= 2
    # Workers and replicas need Redis: the URL is a secret, and Redis admits only Daniel.
    secret = _by_kind("Secret")["daniel-secrets"]["stringData"]
    assert "daniel-redis.daniel.svc" in secret["REDIS_URL"]
    assert "REDIS_URL" not in _by_kind("ConfigMap")["daniel-config"]["data"]
    assert int(_by_kind("ConfigMap")["daniel-config"]["data"]["SERVER_WORKERS"]) >= 1
    redis = _by_kind("Service")["daniel-redis"]
    assert redis["spec"]["ports"][0]["port"] == 6379
    policy = _by_kind("NetworkPolicy")["daniel-redis-ingress"]["spec"]["ingress"][0]["from"]
    allowed = {peer["podSelector"]["matchLabels"]["app.kubernetes.io/name"] for peer in policy}
    assert allowed == {"daniel-server", "daniel-mcp"}


def test_a_stopped_avatar_pod_has_time_to_drain() -> None:
    pod = _by_kind("Deployment")["daniel-server"]["spec"]["template"]["spec"]
    config = _by_kind("ConfigMap")["daniel-config"]["data"]
    pre_stop = pod["containers"][0]["lifecycle"]["preStop"]["sleep"]["seconds"]
    drain = float(config["SERVER_DRAIN_SECONDS"])
    # preStop, then the drain, then closing the sessions and exiting.
    assert pod["terminationGracePeriodSeconds"] >= pre_stop + drain + 10
    workers = int(config["SERVER_WORKERS"])
    cpus = float(pod["containers"][0]["resources"]["limits"]["cpu"])
    assert workers <= cpus  # one worker per CPU the pod may use


def test_metrics_are_not_published_by_the_ingress() -> None:
    denied = _by_kind("Ingress")["daniel-server-metrics-denied"]
    rule = denied["spec"]["rules"][0]["http"]["paths"][0]
    assert (rule["path"], rule["pathType"]) == ("/metrics", "Exact")
    ranges = denied["metadata"]["annotations"]["nginx.ingress.kubernetes.io/denylist-source-range"]
    assert "0.0.0.0/0" in ranges


def test_mcp_scales_horizontally_without_affinity_on_shared_previews() -> None:
    hpa = _by_kind("HorizontalPodAutoscaler")["daniel-mcp"]
    assert hpa["spec"]["scaleTargetRef"] == {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "name": "daniel-mcp",
    }
    assert hpa["spec"]["minReplicas"] >= 2
    service = _by_kind("Service")["daniel-mcp"]
    assert "sessionAffinity" not in service["spec"]  # stateless HTTP, previews in Redis
    mcp = _by_kind("Deployment")["daniel-mcp"]["spec"]["template"]["spec"]["containers"][0]
    secrets = [ref["secretRef"]["name"] for ref in mcp["envFrom"] if "secretRef" in ref]
    assert "daniel-secrets" in secrets  # where REDIS_URL is


def test_every_deployment_has_a_disruption_budget_and_a_service() -> None:
    deployments = _by_kind("Deployment")
    budgets = [
        pdb["spec"]["selector"]["matchLabels"] for pdb in _by_kind("PodDisruptionBudget").values()
    ]
    services = [svc["spec"]["selector"] for svc in _by_kind("Service").values()]
    for deployment in deployments.values():
        labels = deployment["spec"]["template"]["metadata"]["labels"]
        assert any(selector.items() <= labels.items() for selector in budgets)
        assert any(selector.items() <= labels.items() for selector in services)


def test_configuration_names_are_settings_and_secrets_stay_out_of_the_configmap() -> None:
    config = _by_kind("ConfigMap")["daniel-config"]["data"]
    secret = _by_kind("Secret")["daniel-secrets"]["stringData"]
    assert set(config) <= SETTING_NAMES, set(config) - SETTING_NAMES
    assert set(secret) <= SETTING_NAMES, set(secret) - SETTING_NAMES
    assert not any(re.search(r"(?i)password|token|api_key|secret", key) for key in config)
    assert all(value.startswith("<") for value in secret.values()), "template holds no real value"
    server_url = config["MCP_URL"]
    assert server_url.startswith("http://daniel-mcp.daniel.svc")
