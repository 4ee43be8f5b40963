#!/usr/bin/env bash
# Creates the local registry (localhost:5001) and the kind cluster "cruddur" that pulls
# from it, then the namespace. Safe to run again: whatever exists is kept.
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
. "$repo/scripts/lib.sh"
need docker kind kubectl

cluster=cruddur
registry=kind-registry
registry_port=5001

if [ "$(docker inspect -f '{{.State.Running}}' "$registry" 2>/dev/null || true)" != true ]; then
  docker rm -f "$registry" >/dev/null 2>&1 || true
  docker run -d --restart=always -p "127.0.0.1:$registry_port:5000" --network bridge \
    --name "$registry" registry:3 >/dev/null
  echo "registry: started on localhost:$registry_port"
fi

if ! kind get clusters 2>/dev/null | grep -qx "$cluster"; then
  kind create cluster --config "$repo/kind-config.yaml"
fi

# Inside a node, localhost is the node itself: point localhost:5001 at the registry container.
for node in $(kind get nodes --name "$cluster"); do
  docker exec "$node" mkdir -p "/etc/containerd/certs.d/localhost:$registry_port"
  printf '[host."http://%s:5000"]\n' "$registry" |
    docker exec -i "$node" cp /dev/stdin "/etc/containerd/certs.d/localhost:$registry_port/hosts.toml"
done
if [ "$(docker inspect -f '{{json .NetworkSettings.Networks.kind}}' "$registry")" = null ]; then
  docker network connect kind "$registry"
fi

kubectl --context "kind-$cluster" apply -f "$repo/k8s/local-registry-hosting.yaml" -f "$repo/k8s/namespace.yaml"
# On kind the Tiltfile owns the Secret (built from your environment in memory).
echo "kind cluster '$cluster' is ready (context kind-$cluster). Next: [HONEYCOMB_API_KEY=... ROLLBAR_ACCESS_TOKEN=...] tilt up"
