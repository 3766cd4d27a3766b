#!/usr/bin/env bash
# Build Daniel's two container images from this checkout:
#   ./build.sh [TAG]        → daniel-server:TAG and daniel-mcp:TAG (TAG defaults to $DANIEL_TAG or "dev")
# Environment: DANIEL_IMAGE_PREFIX (default "daniel", e.g. ghcr.io/acme/daniel),
# DOCKER (default "docker"), DOCKER_BUILD_ARGS (extra arguments, e.g. "--pull --no-cache").
# The images hold no secret; docker-compose.yml and deploy/k8s pass them at run time.
set -euo pipefail
cd "$(dirname "$0")"

tag="${1:-${DANIEL_TAG:-dev}}"
prefix="${DANIEL_IMAGE_PREFIX:-daniel}"
docker="${DOCKER:-docker}"

if [[ ! "$tag" =~ ^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$ ]]; then
  echo "build.sh: '$tag' is not a valid image tag (letters, digits, _ . -; at most 128)" >&2
  exit 2
fi
if ! command -v "$docker" >/dev/null 2>&1; then
  echo "build.sh: '$docker' not found; install Docker (https://docs.docker.com/engine/install/)" >&2
  exit 1
fi

revision="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
read -r -a extra <<<"${DOCKER_BUILD_ARGS:-}"

for component in server mcp; do
  image="$prefix-$component:$tag"
  echo "build.sh: building $image"
  "$docker" build \
    --file "deploy/Dockerfile.$component" \
    --tag "$image" \
    --label "org.opencontainers.image.title=daniel-$component" \
    --label "org.opencontainers.image.version=$tag" \
    --label "org.opencontainers.image.revision=$revision" \
    "${extra[@]}" \
    .
done
echo "build.sh: built $prefix-server:$tag and $prefix-mcp:$tag"
