"""The Kubernetes deployment, checked offline: it renders, every object validates against the
Kubernetes JSON schemas (kubernetes-validate, strict), and it keeps the rules of the issue:
probes and measured requests on every process, a disruption budget for each, only public routes
in the Ingress, the migration as a Job."""

from __future__ import annotations

import importlib.util
import re
import shutil
import subprocess
from pathlib import Path

import kubernetes_validate
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
BASE = ROOT / "deploy" / "k8s" / "base"
MIGRATE = ROOT / "deploy" / "k8s" / "migrate"
KUBERNETES_VERSION = "1.30.0"
# RSS of the real processes in MB, measured on this machine after one whole conversation
# (scripts/bench_stack.py; docs/operations.md, "Measured"); each memory request is at least this.
MEASURED_RSS_MB = {"vpt-rasa": 1268, "vpt-actions": 137, "vpt-app": 72, "vpt-worker": 47}
PUBLIC_PATHS = {"/chat", "/webhooks/telegram/webhook"}


def _render_module():
    spec = importlib.util.spec_from_file_location("deploy_render", ROOT / "deploy" / "render.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def objects() -> list[dict]:
    render = _render_module().render
    return render(BASE) + render(MIGRATE)


def _by_kind(objects: list[dict], kind: str) -> dict[str, dict]:
    return {o["metadata"]["name"]: o for o in objects if o["kind"] == kind}


def _mebibytes(quantity: str) -> float:
    number, unit = re.fullmatch(r"(\d+)(Mi|Gi)", quantity).groups()
    return int(number) * (1024 if unit == "Gi" else 1)


def test_the_manifests_render_the_same_with_kubectl_kustomize(objects):
    kubectl = shutil.which("kubectl")
    if kubectl is None:
        pytest.skip("kubectl not installed: deploy/render.py alone renders the manifests")
    rendered = []
    for directory in (BASE, MIGRATE):
        out = subprocess.run(
            [kubectl, "kustomize", str(directory)], check=True, capture_output=True, text=True
        ).stdout
        rendered += [doc for doc in yaml.safe_load_all(out) if doc]

    def key(o):
        return (o["kind"], o["metadata"]["name"])

    assert sorted(map(key, rendered)) == sorted(map(key, objects))
    ours = {key(o): o for o in objects}
    for theirs in rendered:
        assert theirs == ours[key(theirs)], key(theirs)


def test_every_object_validates_against_the_kubernetes_schemas(objects):
    assert len(objects) >= 16
    for obj in objects:
        try:
            kubernetes_validate.validate(obj, KUBERNETES_VERSION, strict=True)
        except kubernetes_validate.ValidationError as exc:
            pytest.fail(f"{obj['kind']}/{obj['metadata']['name']}: {exc.message} at {exc.path}")


def test_a_schema_violation_is_caught():
    broken = {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": {"name": "x"},
        "spec": {"replicas": "two", "selector": {}, "template": {}},
    }
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(broken, KUBERNETES_VERSION, strict=True)


def test_every_process_runs_twice_with_probes_and_measured_requests(objects):
    deployments = _by_kind(objects, "Deployment")
    assert set(deployments) == set(MEASURED_RSS_MB)
    for name, deployment in deployments.items():
        assert deployment["spec"]["replicas"] >= 2, name
        (container,) = deployment["spec"]["template"]["spec"]["containers"]
        assert "readinessProbe" in container and "livenessProbe" in container, name
        requests = container["resources"]["requests"]
        assert {"cpu", "memory"} <= set(requests), name
        assert _mebibytes(requests["memory"]) >= MEASURED_RSS_MB[name], name
        assert _mebibytes(container["resources"]["limits"]["memory"]) > _mebibytes(
            requests["memory"]
        )


def test_each_deployment_has_a_disruption_budget_and_a_matching_service(objects):
    deployments = _by_kind(objects, "Deployment")
    budgets = _by_kind(objects, "PodDisruptionBudget")
    services = _by_kind(objects, "Service")
    for name, deployment in deployments.items():
        labels = deployment["spec"]["template"]["metadata"]["labels"]
        assert deployment["spec"]["selector"]["matchLabels"].items() <= labels.items()
        assert budgets[name]["spec"]["selector"]["matchLabels"].items() <= labels.items()
    for name, service in services.items():
        labels = deployments[name]["spec"]["template"]["metadata"]["labels"]
        assert service["spec"]["selector"].items() <= labels.items()


def test_the_ingress_exposes_only_the_public_routes(objects):
    (ingress,) = _by_kind(objects, "Ingress").values()
    services = _by_kind(objects, "Service")
    paths = {}
    for rule in ingress["spec"]["rules"]:
        for path in rule["http"]["paths"]:
            paths[path["path"]] = path["backend"]["service"]["name"]
    assert set(paths) == PUBLIC_PATHS
    assert paths == {"/chat": "vpt-app", "/webhooks/telegram/webhook": "vpt-rasa"}
    assert set(paths.values()) <= set(services)
    assert not any(
        p.startswith(("/internal", "/health", "/model", "/conversations")) for p in paths
    )


def test_the_migration_job_runs_vpt_db_upgrade(objects):
    job = _by_kind(objects, "Job")["vpt-db-upgrade"]
    (container,) = job["spec"]["template"]["spec"]["containers"]
    assert container["command"] == ["vpt", "db", "upgrade"]
    assert container["image"] == "vpt-meldbot-app:0.1.0"


def test_every_variable_rasa_reads_is_provided(objects):
    config = _by_kind(objects, "ConfigMap")
    secret = _by_kind(objects, "Secret")["vpt-secrets"]
    provided = set(config["vpt-config"]["data"]) | set(secret["stringData"])
    wanted = set()
    for text in config["vpt-rasa-files"]["data"].values():
        wanted |= set(re.findall(r"\$\{([A-Z_]+)\}", text))
    assert wanted and wanted <= provided


def test_every_setting_name_in_the_config_is_one_the_processes_read(objects):
    from bot.settings import _ENV_NAMES

    rasa_only = {
        name
        for name in objects_config_keys(objects)
        if name.startswith(("TRACKER_DB_", "REDIS_H", "REDIS_P"))
    }
    known = set(_ENV_NAMES.values())
    assert objects_config_keys(objects) - rasa_only <= known


def objects_config_keys(objects: list[dict]) -> set[str]:
    config = _by_kind(objects, "ConfigMap")["vpt-config"]["data"]
    secret = _by_kind(objects, "Secret")["vpt-secrets"]["stringData"]
    return set(config) | set(secret)


def test_the_processes_in_the_manifests_exist(objects):
    for deployment in _by_kind(objects, "Deployment").values():
        (container,) = deployment["spec"]["template"]["spec"]["containers"]
        command = container.get("command") or []
        probes = [
            container[p]["exec"]["command"]
            for p in ("readinessProbe", "livenessProbe")
            if "exec" in container[p]
        ]
        for argv in [command, *probes]:
            if argv[:2] == ["python", "-m"]:
                module = argv[2]
                path = ROOT / module.replace(".", "/")
                assert path.with_suffix(".py").exists() or (path / "__main__.py").exists(), module
