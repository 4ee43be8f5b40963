#!/usr/bin/env bash
# Creates the local registry (localhost:5001) and the kind cluster "cruddur" that pulls
# from it, then the namespace. Safe to run again: whatever exists is kept.
#   CRUDDUR_KIND_NAME          the cluster's name (cruddur; its context is kind-<name>)
#   CRUDDUR_KIND_CONFIG        the cluster's kind config (kind-config.yaml: a control plane and
#                              two workers; kind-config.single.yaml: one node, for laptops)
#   CRUDDUR_REGISTRY_PORT      the registry's port on this machine (5001)
#   CRUDDUR_KIND_NODE_IMAGE    a node image built by scripts/kind-node-image.sh, for machines
#                              that can pull no image (CI's): the registry image is then built
#                              here too, and CoreDNS gets the project's cluster-names-only setup
#   CRUDDUR_KIND_ISOLATED=1    drop what kind's network sends off this machine (CI; needs root,
#                              scripts/kind-isolation.sh)
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
. "$repo/scripts/lib.sh"
need docker kind kubectl

cluster=${CRUDDUR_KIND_NAME:-cruddur}
registry=kind-registry
registry_port=${CRUDDUR_REGISTRY_PORT:-5001}
node_image=${CRUDDUR_KIND_NODE_IMAGE:-}
kind_config=${CRUDDUR_KIND_CONFIG:-$repo/kind-config.yaml}
kube=(kubectl --context "kind-$cluster")

# The registry image: upstream's, or the project's build of it where nothing can be pulled.
registry_image() {
  if [ -z "$node_image" ]; then
    echo registry:3
    return
  fi
  local out context ref
  out=$("$repo/scripts/tools.sh" registry)
  ref=cruddur.local/registry:$(basename "$out")
  if ! docker image inspect "$ref" >/dev/null 2>&1; then
    context=$(mktemp -d)
    cp -L "$out/bin/registry" "$context/"
    printf 'version: 0.1\nlog: { level: warn }\nstorage: { filesystem: { rootdirectory: /var/lib/registry } }\nhttp: { addr: ":5000" }\n' >"$context/config.yml"
    printf 'FROM scratch\nCOPY registry config.yml /\nVOLUME /var/lib/registry\nENTRYPOINT ["/registry", "serve", "/config.yml"]\n' >"$context/Dockerfile"
    DOCKER_BUILDKIT=0 docker build --quiet --network none -t "$ref" "$context" >/dev/null
    rm -rf "$context"
  fi
  echo "$ref"
}

if [ "${CRUDDUR_KIND_ISOLATED:-}" = 1 ]; then
  "$repo/scripts/kind-isolation.sh" on
fi
if ! kind get clusters 2>/dev/null | grep -qx "$cluster"; then
  created=$SECONDS
  kind create cluster --name "$cluster" --config "$kind_config" ${node_image:+--image "$node_image"}
  echo "kind-up: kind create cluster took $((SECONDS - created)) s"
  if [ -n "$node_image" ]; then
    # That image's CoreDNS is the project's build, without the plugins kubeadm's Corefile
    # names (forward, for one): replace kubeadm's with the project's, which answers
    # cluster names only, so no name resolves to anything off this machine.
    dns_image=$("${kube[@]}" -n kube-system get deployment coredns -o jsonpath='{.spec.template.spec.containers[0].image}')
    dns_ip=$("${kube[@]}" -n kube-system get service kube-dns -o jsonpath='{.spec.clusterIP}')
    "${kube[@]}" -n kube-system delete deployment/coredns configmap/coredns service/kube-dns serviceaccount/coredns >/dev/null
    "${kube[@]}" delete clusterrole/system:coredns clusterrolebinding/system:coredns >/dev/null
    sed -e "s|__COREDNS_IMAGE__|$dns_image|" -e "s|__DNS_IP__|$dns_ip|" "$repo/scripts/kind-node/coredns.yaml" |
      "${kube[@]}" apply -f - >/dev/null
  fi
fi

# Inside a node, localhost is the node itself: point localhost:$registry_port at the registry container.
for node in $(kind get nodes --name "$cluster"); do
  docker exec "$node" mkdir -p "/etc/containerd/certs.d/localhost:$registry_port"
  printf '[host."http://%s:5000"]\n' "$registry" |
    docker exec -i "$node" cp /dev/stdin "/etc/containerd/certs.d/localhost:$registry_port/hosts.toml"
done
# On kind's network (made by `kind create cluster`) the nodes reach it by its name.
if [ "$(docker inspect -f '{{.State.Running}}' "$registry" 2>/dev/null || true)" != true ]; then
  docker rm -f "$registry" >/dev/null 2>&1 || true
  docker run -d --restart=always -p "127.0.0.1:$registry_port:5000" --network kind \
    --name "$registry" "$(registry_image)" >/dev/null
  echo "registry: started on localhost:$registry_port"
fi

sed "s|localhost:5001|localhost:$registry_port|" "$repo/k8s/local-registry-hosting.yaml" |
  "${kube[@]}" apply -f - -f "$repo/k8s/namespace.yaml"
"${kube[@]}" wait --for=condition=Ready nodes --all --timeout=300s
"${kube[@]}" -n kube-system rollout status deployment/coredns --timeout=300s
# On kind the Tiltfile owns the Secret (built from your environment in memory).
echo "kind cluster '$cluster' is ready (context kind-$cluster). Next: [HONEYCOMB_API_KEY=... ROLLBAR_ACCESS_TOKEN=...] tilt up"
