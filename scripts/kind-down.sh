#!/usr/bin/env bash
# Deletes the kind cluster "cruddur"; with --registry, the local registry container and
# kind's Docker network too (the registry keeps built images between clusters otherwise).
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
. "$repo/scripts/lib.sh"
need docker kind

if kind get clusters 2>/dev/null | grep -qx cruddur; then
  kind delete cluster --name cruddur
else
  echo "no kind cluster named cruddur"
fi
if [ "${1:-}" = --registry ]; then
  docker rm -f kind-registry >/dev/null 2>&1 && echo "registry removed" || echo "no registry container"
  # kind keeps its network for the next cluster; with the registry gone nothing uses it.
  docker network rm kind >/dev/null 2>&1 && echo "network kind removed" || echo "no network kind"
fi
if [ "${CRUDDUR_KIND_ISOLATED:-}" = 1 ]; then
  "$repo/scripts/kind-isolation.sh" off
fi
