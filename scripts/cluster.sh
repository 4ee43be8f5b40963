#!/usr/bin/env bash
# A real single-node Kubernetes on this machine, its components run as host processes
# (etcd, kube-apiserver, kube-controller-manager, kube-scheduler, kubelet with containerd,
# kube-proxy) plus CoreDNS as a pod, and the image registry on localhost:5001. Pods live on
# a bridge and in network namespaces made here; nothing is routed off the machine.
#
#   scripts/cluster.sh up          build what is missing (cached), start, wait until Ready
#   scripts/cluster.sh down        stop everything and remove every trace of it
#   scripts/cluster.sh status      what is running
#   scripts/cluster.sh kubeconfig  print the admin kubeconfig's path (export KUBECONFIG=...)
#
# Needs root (network namespaces, iptables, mounts), Debian's containerd, runc,
# containernetworking-plugins, etcd-server, iptables and conntrack (installed when
# missing), a Docker engine to build images (scripts/docker.sh start), Go and a C compiler.
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

export CLUSTER_DIR=${CRUDDUR_CLUSTER_DIR:-/tmp/cruddur-cluster}
export NODE_NAME=cruddur-node BRIDGE=cruddur0 REGISTRY=localhost:5001
export POD_CIDR=10.244.0.0/24 NODE_IP=10.244.0.1 SERVICE_CIDR=10.96.0.0/16
export SERVICE_IP=10.96.0.1 DNS_IP=10.96.0.10
# How the host tells what the cluster made (scripts/cluster.d/host.sh): the prefix of the
# pod network namespaces its containerd names; the iptables chains kube-proxy, the CNI
# plugins and this script make; what the components write outside CLUSTER_DIR whatever
# their configuration says (libcni's results for our network and containerd's loopback,
# the kubelet's device-plugin socket) and the folders they make for it, deepest first.
# No other kubelet or CRI runs on the host itself, so these are ours.
export CNI_NETWORK=cruddur CLUSTER_NETNS=cni- CLUSTER_CHAINS='(KUBE-|CNI-|CRUDDUR-)'
export CLUSTER_FILES="/var/lib/cni/results/$CNI_NETWORK-* /var/lib/cni/results/cni-loopback-* /var/lib/kubelet/device-plugins/kubelet.sock"
export CLUSTER_FOLDERS="/var/lib/cni/results /var/lib/cni /var/lib/kubelet/device-plugins /var/lib/kubelet"

# shellcheck source=scripts/cluster.d/pki.sh
. "$repo/scripts/cluster.d/pki.sh"
# shellcheck source=scripts/cluster.d/config.sh
. "$repo/scripts/cluster.d/config.sh"
# shellcheck source=scripts/cluster.d/images.sh
. "$repo/scripts/cluster.d/images.sh"
# shellcheck source=scripts/cluster.d/processes.sh
. "$repo/scripts/cluster.d/processes.sh"
# shellcheck source=scripts/cluster.d/components.sh
. "$repo/scripts/cluster.d/components.sh"
# shellcheck source=scripts/cluster.d/host.sh
. "$repo/scripts/cluster.d/host.sh"

step() { printf 'cluster: %s (%ss)\n' "$1" "$SECONDS" >&2; }

up() {
  [ "$(id -u)" = 0 ] || { echo "cluster.sh: needs root (namespaces, iptables, mounts)" >&2; exit 1; }
  if [ -f "$CLUSTER_DIR/up" ]; then
    echo "cluster.sh: already up (scripts/cluster.sh down first to start afresh)" >&2
    return
  fi
  if [ -d "$CLUSTER_DIR" ]; then
    echo "cluster.sh: an earlier 'up' did not finish; taking what it started down first" >&2
    down
  fi
  step "packages and tools (built once, cached in $CRUDDUR_TOOLS_DIR)"
  host_install_packages
  "$repo/scripts/tools.sh" kubernetes crictl coredns registry pause >/dev/null
  export PATH=$CRUDDUR_TOOLS_DIR/bin:$PATH
  docker info >/dev/null 2>&1 || "$repo/scripts/docker.sh" start >&2
  mkdir -p "$CLUSTER_DIR"
  host_save_state
  step "network: bridge $BRIDGE $NODE_IP, pods $POD_CIDR, services $SERVICE_CIDR"
  host_network_up
  step "registry on $REGISTRY and the cluster's images"
  proc_start registry registry serve "$(registry_config)"
  wait_for "registry" curl -fsS -o /dev/null "http://$REGISTRY/v2/"
  PAUSE_TAG=$(basename "$("$repo/scripts/tools.sh" pause)")
  export PAUSE_TAG
  image_from_binary pause "$PAUSE_TAG" "$CRUDDUR_TOOLS_DIR/bin/pause" >/dev/null
  local coredns_image
  coredns_image=$(image_from_binary coredns "$(basename "$("$repo/scripts/tools.sh" coredns)")" "$CRUDDUR_TOOLS_DIR/bin/coredns")
  step "certificates and configuration in $CLUSTER_DIR"
  pki_create
  config_write
  step "control plane"
  start_control_plane
  step "node: containerd, kubelet, kube-proxy"
  start_node
  wait_for "node $NODE_NAME Ready" kubectl_admin wait --for=condition=Ready "node/$NODE_NAME" --timeout=5s
  step "cluster DNS"
  sed -e "s|__COREDNS_IMAGE__|$coredns_image|" -e "s|__DNS_IP__|$DNS_IP|" \
    "$repo/scripts/cluster.d/coredns.yaml" | kubectl_admin apply -f - >/dev/null
  kubectl_admin -n kube-system rollout status deploy/coredns --timeout=180s >&2
  # Tells Tilt (and other tools) to push to the local registry.
  kubectl_admin apply -f "$repo/k8s/local-registry-hosting.yaml" >/dev/null
  touch "$CLUSTER_DIR/up"
  step "up: export KUBECONFIG=$CLUSTER_DIR/admin.kubeconfig"
}

down() {
  [ -d "$CLUSTER_DIR" ] || { echo "cluster.sh: nothing to take down" >&2; return; }
  export PATH=$CRUDDUR_TOOLS_DIR/bin:$PATH
  local shims socket
  shims=$(host_shim_sockets)
  step "pods"
  proc_stop kubelet
  remove_pod_sandboxes
  step "processes"
  for name in kube-proxy kube-scheduler kube-controller-manager kube-apiserver etcd containerd registry; do
    proc_stop "$name"
  done
  kill_leftover_shims
  for socket in $shims; do rm -f "$socket"; done
  step "host: mounts, network namespaces, bridge, iptables, sysctls, cgroups"
  host_clean
  local before
  before=$(mktemp)
  cp "$CLUSTER_DIR/host.before" "$before" 2>/dev/null || true
  rm -rf "$CLUSTER_DIR"
  if [ -s "$before" ]; then
    host_verify "$before" || { rm -f "$before"; exit 1; }
  fi
  rm -f "$before"
  step "down: nothing left behind (host compared with before up)"
}

status() {
  if [ ! -f "$CLUSTER_DIR/up" ]; then
    echo "cluster: down"
    return 1
  fi
  export PATH=$CRUDDUR_TOOLS_DIR/bin:$PATH
  proc_status
  kubectl_admin get nodes -o wide
  kubectl_admin get pods -A -o wide
}

# shellcheck source=scripts/tools-dir.sh
. "$repo/scripts/tools-dir.sh"
case "${1:-}" in
  up) up ;;
  down) down ;;
  status) status ;;
  kubeconfig) echo "$CLUSTER_DIR/admin.kubeconfig" ;;
  *) echo "usage: scripts/cluster.sh up|down|status|kubeconfig" >&2; exit 2 ;;
esac
