#!/usr/bin/env bash
# Provisions everything the test suites need, then stops; `npm run test:all` (and so CI)
# runs it before `npm test`. One step a line: each is cached or idempotent, so a second run
# takes seconds. A new prerequisite is one more `step` line here.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=scripts/env.sh
. scripts/env.sh

TOOLS=(otelcol helm helm4 kubeconform k8s-schemas xray tilt kubernetes coredns registry pause node-base
  kind kubeadm etcd kind-node-base debian-iptables)

step() {
  printf '\n== provision: %s (%ss)\n' "$1" "$SECONDS" >&2
  shift
  "$@"
}

# The only slow step, once per machine: say so before it starts.
build_tools() {
  local missing
  missing=$(scripts/tools.sh --missing "${TOOLS[@]}" | tr '\n' ' ')
  if [ -n "$missing" ]; then
    echo "provision: building ${missing}from Go modules, once per machine (about 40 min on 2 cores; needs Go and a C compiler), cached in $CRUDDUR_TOOLS_DIR" >&2
  fi
  scripts/tools.sh "${TOOLS[@]}" >/dev/null
}

# A Debian package, unless its command is already there: install_package COMMAND PACKAGE.
install_package() {
  command -v "$1" >/dev/null && return
  [ "$(id -u)" = 0 ] || { echo "provision: $1 is missing (apt-get install $2, as root)" >&2; return; }
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" >/dev/null
}

step "Node $(node --version) and the npm packages" scripts/with-node.sh true
step "tools built from Go modules" build_tools
step "a Docker engine" scripts/docker.sh start
step "the Collector image" scripts/otelcol-image.sh >/dev/null
# The browser suite drives Debian's Chromium (no browser download works here).
step "Chromium for the browser tests" install_package "${CHROMIUM_PATH:-chromium}" chromium
# The benchmark's load generator; test/bench/wrk.test.ts drives it.
step "wrk for the load-generator test" install_package wrk wrk
# The cluster suites run on the kind cluster users run (scripts/kind-up.sh): three nodes from a
# node image built here, since no image can be pulled, and nothing they send leaves this
# machine (CRUDDUR_KIND_ISOLATED, root's iptables).
kind_cluster() {
  local image
  image=$(scripts/kind-node-image.sh)
  echo "provision: node image $image ready at ${SECONDS}s" >&2
  CRUDDUR_KIND_NODE_IMAGE=$image CRUDDUR_KIND_ISOLATED=1 scripts/kind-up.sh
}
if [ "$(id -u)" = 0 ]; then
  step "a kind cluster (scripts/kind-up.sh; down with scripts/kind-down.sh --registry)" kind_cluster
else
  echo "provision: not root, so no local cluster: the cluster suites need sudo npm run test:all, or scripts/kind-up.sh" >&2
fi
printf '== provision: done (%ss)\n' "$SECONDS" >&2
