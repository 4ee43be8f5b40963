#!/usr/bin/env bash
# Keeps whatever a kind node or pod sends on this machine (CI's): the host drops what kind's
# Docker network would forward to any other interface. The nodes still reach each other and
# the registry (both on that network) and the host itself (its published ports); nothing is
# routed off the machine. For engines that manage no iptables rules of their own
# (dockerd --iptables=false, as on CI); needs root. kind-up.sh and kind-down.sh call it when
# CRUDDUR_KIND_ISOLATED=1: the rule lives as long as kind's network, which kind-up.sh makes
# first and kind-down.sh --registry removes.
#   scripts/kind-isolation.sh on     makes kind's network if missing, adds the rule (again: replaces it)
#   scripts/kind-isolation.sh off    removes it and its chain
#   scripts/kind-isolation.sh left   names the chain where it is still there (kind-down.sh)
set -euo pipefail

chain=KINDISO-FORWARD

off() {
  local ipt
  for ipt in iptables ip6tables; do
    while "$ipt" -w -D FORWARD -j "$chain" 2>/dev/null; do :; done
    "$ipt" -w -F "$chain" 2>/dev/null || true
    "$ipt" -w -X "$chain" 2>/dev/null || true
  done
}

on() {
  local bridge ipt
  # Before any node starts: kind uses the network "kind" when it exists, so make it here
  # (as kind does, without its IPv6 range) and drop from the first packet on.
  if ! docker network inspect kind >/dev/null 2>&1; then
    docker network create -d=bridge -o com.docker.network.bridge.enable_ip_masquerade=true kind >/dev/null
  fi
  # Docker names a network's bridge after the network's id.
  bridge=br-$(docker network inspect -f '{{.Id}}' kind | cut -c1-12)
  off
  for ipt in iptables ip6tables; do
    "$ipt" -w -N "$chain"
    "$ipt" -w -A "$chain" -i "$bridge" ! -o "$bridge" -j DROP
    "$ipt" -w -I FORWARD -j "$chain"
  done
  echo "kind-isolation: $bridge forwards nothing off this machine"
}

left() {
  local ipt
  for ipt in iptables ip6tables; do
    if "$ipt" -w -n -L "$chain" >/dev/null 2>&1; then echo "$ipt chain $chain"; fi
  done
}

case "${1:-}" in
  on) on ;;
  off) off ;;
  left) left ;;
  *) echo "usage: scripts/kind-isolation.sh on|off|left" >&2 && exit 2 ;;
esac
