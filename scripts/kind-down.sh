#!/usr/bin/env bash
# Deletes the kind cluster "cruddur" (CRUDDUR_KIND_NAME, as for kind-up.sh); with --registry,
# the local registry container and kind's Docker network too (the registry keeps built images
# between clusters otherwise).
# Then checks that nothing of what it removed is left on the host, and fails if anything
# is: the containers, their anonymous volumes, their mounts (root filesystems, network
# namespaces), and with --registry the network's bridge and its isolation chain
# (CRUDDUR_KIND_ISOLATED=1).
# It judges only those: what Docker or other software keeps for itself is not a leftover.
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
. "$repo/scripts/lib.sh"
need docker kind

cluster=${CRUDDUR_KIND_NAME:-cruddur}
registry=
[ "${1:-}" = --registry ] && registry=1

# What the cluster (and the registry) made, recorded before it goes: a line per container
# with its id, root filesystem, network namespace and volumes.
containers=$(docker ps -aq --filter "label=io.x-k8s.kind.cluster=$cluster")
[ -z "$registry" ] || containers+=" $(docker ps -aq --filter name='^kind-registry$')"
made=
for id in $containers; do
  made+=$(docker inspect -f '{{.Id}} {{.GraphDriver.Data.MergedDir}} {{.NetworkSettings.SandboxKey}} {{range .Mounts}}{{if eq .Type "volume"}}{{.Name}} {{end}}{{end}}' "$id")$'\n'
done
bridge=
[ -z "$registry" ] || bridge=$(docker network inspect -f 'br-{{printf "%.12s" .Id}}' kind 2>/dev/null || true)

if kind get clusters 2>/dev/null | grep -qx "$cluster"; then
  kind delete cluster --name "$cluster"
else
  echo "no kind cluster named $cluster"
fi
if [ -n "$registry" ]; then
  docker rm -f -v kind-registry >/dev/null 2>&1 && echo "registry removed" || echo "no registry container"
  # kind keeps its network for the next cluster; with the registry gone nothing uses it.
  docker network rm kind >/dev/null 2>&1 && echo "network kind removed" || echo "no network kind"
  # The isolation rule goes with the network it guards (other clusters may share it).
  [ "${CRUDDUR_KIND_ISOLATED:-}" != 1 ] || "$repo/scripts/kind-isolation.sh" off
fi

left=()
while read -r id rootfs netns volumes; do
  [ -n "$id" ] || continue
  ! docker inspect "$id" >/dev/null 2>&1 || left+=("container $id")
  for volume in $volumes; do
    ! docker volume inspect "$volume" >/dev/null 2>&1 || left+=("volume $volume")
  done
  for path in $rootfs $netns; do
    ! grep -qF " $path " /proc/self/mountinfo || left+=("mount $path")
  done
done <<<"$made"
[ -z "$bridge" ] || ! ip link show "$bridge" >/dev/null 2>&1 || left+=("bridge $bridge")
if [ -n "$registry" ] && [ "${CRUDDUR_KIND_ISOLATED:-}" = 1 ]; then
  while read -r chain; do [ -z "$chain" ] || left+=("$chain"); done < <("$repo/scripts/kind-isolation.sh" left)
fi
if ((${#left[@]})); then
  printf 'kind-down: left behind: %s\n' "${left[@]}" >&2
  exit 1
fi
echo "kind-down: nothing left behind ($(wc -w <<<"$containers") containers checked)"
