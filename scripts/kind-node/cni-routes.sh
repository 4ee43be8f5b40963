#!/usr/bin/env bash
# The pod network of the node image that scripts/kind-node-image.sh builds: the job kindnetd
# does in kind's own images, with Debian's standard CNI plugins. Runs on every node
# (cni.yaml, host network) and, every few seconds:
#   - writes this node's CNI config: a ptp link per pod, addresses from the node's podCIDR;
#   - routes every other node's podCIDR through that node's address on kind's network.
#   - masquerades what pods send outside the pod subnet (the host, the registry) as the
#     node: the host has no route to pod addresses, so its answers would take its default
#     route off this machine.
# Pods keep their own addresses between nodes (no masquerading there), so the Collector sees
# which pod sent a span. Needs NODE_NAME, POD_SUBNET and a service account that may list nodes.
set -euo pipefail

masquerade=(POSTROUTING -s "$POD_SUBNET" ! -d "$POD_SUBNET" -m comment --comment cruddur-pods-out -j MASQUERADE)
iptables -w -t nat -C "${masquerade[@]}" 2>/dev/null || iptables -w -t nat -A "${masquerade[@]}"

conf=/etc/cni/net.d/10-cruddur.conflist

write_conf() {
  local want
  want=$(printf '{"cniVersion": "1.0.0", "name": "cruddur", "plugins": [
  {"type": "ptp", "ipMasq": false, "ipam": {"type": "host-local", "ranges": [[{"subnet": "%s"}]], "routes": [{"dst": "0.0.0.0/0"}]}},
  {"type": "portmap", "capabilities": {"portMappings": true}}]}' "$1")
  if [ "$(cat "$conf" 2>/dev/null)" != "$want" ]; then
    printf '%s\n' "$want" >"$conf.tmp" && mv "$conf.tmp" "$conf"
    echo "cni-routes: $conf for $1"
  fi
}

while true; do
  nodes=$(kubectl get nodes -o jsonpath='{range .items[*]}{.metadata.name} {.spec.podCIDR} {.status.addresses[?(@.type=="InternalIP")].address}{"\n"}{end}') || nodes=
  while read -r name cidr address; do
    [ -n "${address:-}" ] || continue
    if [ "$name" = "$NODE_NAME" ]; then
      write_conf "$cidr"
    elif ! ip route show "$cidr" | grep -qw "via $address"; then
      ip route replace "$cidr" via "$address" && echo "cni-routes: $cidr via $address ($name)"
    fi
  done <<<"$nodes"
  sleep 5
done
