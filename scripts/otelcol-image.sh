#!/usr/bin/env bash
# Builds the local image of the project's Collector (collector/Dockerfile) from the binary
# that scripts/tools.sh builds, and prints its tag. Skips the build when the tag exists.
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

out=$("$repo/scripts/tools.sh" otelcol)
tag="cruddur/otelcol:$(basename "$out")"
if docker image inspect "$tag" >/dev/null 2>&1; then
  echo "$tag"
  exit 0
fi
context=$(mktemp -d)
trap 'rm -rf "$context"' EXIT
cp "$out/bin/otelcol-cruddur" "$repo/collector/Dockerfile" "$context/"
cp /etc/ssl/certs/ca-certificates.crt "$context/"
# The classic builder needs no BuildKit plugin; --network host because dockerd runs without a bridge.
DOCKER_BUILDKIT=0 docker build --quiet --network host -t "$tag" "$context" >&2
echo "$tag"
