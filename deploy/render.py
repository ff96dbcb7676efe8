"""Render a Kustomize directory of this repository without kubectl (the subset it uses).

    python deploy/render.py deploy/k8s/base > manifests.yaml

Supports `resources` (files), `labels` (pairs added to metadata.labels) and `images` (newTag,
newName). `kubectl kustomize DIR` gives the same objects; tests/deploy/ checks that where
kubectl is installed, and uses this where it is not.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import yaml


def render(directory: Path) -> list[dict[str, Any]]:
    """The objects of the Kustomization in `directory`, in resource order."""
    spec = yaml.safe_load((directory / "kustomization.yaml").read_text(encoding="utf-8"))
    unknown = set(spec) - {"apiVersion", "kind", "labels", "resources", "images"}
    if unknown:
        raise ValueError(f"render.py does not support {sorted(unknown)}: use kubectl kustomize")
    objects = []
    for name in spec.get("resources", []):
        text = (directory / name).read_text(encoding="utf-8")
        objects += [doc for doc in yaml.safe_load_all(text) if doc]
    for group in spec.get("labels", []):
        for obj in objects:
            obj.setdefault("metadata", {}).setdefault("labels", {}).update(group["pairs"])
    images = {image["name"]: image for image in spec.get("images", [])}
    for obj in objects:
        for container in _containers(obj):
            image = images.get(container["image"].split(":", 1)[0])
            if image:
                name = image.get("newName", image["name"])
                container["image"] = f"{name}:{image['newTag']}" if "newTag" in image else name
    return objects


def _containers(obj: dict[str, Any]) -> list[dict[str, Any]]:
    pod = obj.get("spec", {}).get("template", {}).get("spec", {})
    return [*pod.get("initContainers", []), *pod.get("containers", [])]


def main(argv: list[str]) -> int:
    """Print the rendered objects as one YAML stream."""
    print(yaml.safe_dump_all(render(Path(argv[1])), sort_keys=False), end="")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
