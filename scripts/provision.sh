#!/usr/bin/env bash
# Provisions everything the test suites need, then stops; `npm run test:all` (and so CI)
# runs it before `npm test`. One step a line: each is cached or idempotent, so a second run
# takes seconds. A new prerequisite is one more `step` line here.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=scripts/env.sh
. scripts/env.sh

TOOLS=(otelcol helm helm4 kubeconform k8s-schemas xray tilt)

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
    echo "provision: building ${missing}from Go modules, once per machine (about 20 min on 2 cores; needs Go and a C compiler), cached in $CRUDDUR_TOOLS_DIR" >&2
  fi
  scripts/tools.sh "${TOOLS[@]}" >/dev/null
}

step "Node $(node --version) and the npm packages" scripts/with-node.sh true
step "tools built from Go modules" build_tools
step "a Docker engine" scripts/docker.sh start
step "the Collector image" scripts/otelcol-image.sh >/dev/null
printf '== provision: done (%ss)\n' "$SECONDS" >&2
