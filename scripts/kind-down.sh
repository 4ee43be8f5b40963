#!/usr/bin/env bash
# Deletes the kind cluster "cruddur"; with --registry, the local registry container too
# (it keeps built images between clusters otherwise).
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
fi
