#!/usr/bin/env bash
# Creates or updates the Secret the chart reads (secrets.existingSecret) from the
# environment: HONEYCOMB_API_KEY and ROLLBAR_ACCESS_TOKEN, each optional. The values go
# to kubectl through file descriptors: never onto disk, the command line or the output.
# Its one user is scripts/eks-install.sh; on kind the Tiltfile owns the Secret instead.
#   scripts/secrets.sh [kubectl args, e.g. --context <your EKS context>]
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
. "$repo/scripts/lib.sh"
need kubectl

kubectl "$@" get namespace "$CRUDDUR_NAMESPACE" >/dev/null 2>&1 ||
  kubectl "$@" create namespace "$CRUDDUR_NAMESPACE" >/dev/null

kubectl "$@" -n "$CRUDDUR_NAMESPACE" create secret generic "$CRUDDUR_SECRET" \
  --from-file=honeycomb-api-key=<(printf '%s' "${HONEYCOMB_API_KEY:-}") \
  --from-file=rollbar-access-token=<(printf '%s' "${ROLLBAR_ACCESS_TOKEN:-}") \
  --dry-run=client -o yaml | kubectl "$@" apply -f - >/dev/null

describe() { if [ -n "$2" ]; then echo "$1: set"; else echo "$1: empty ($3)"; fi; }
echo "secret $CRUDDUR_NAMESPACE/$CRUDDUR_SECRET updated"
describe "  honeycomb-api-key" "${HONEYCOMB_API_KEY:-}" "traces stay in the Collector's debug output"
describe "  rollbar-access-token" "${ROLLBAR_ACCESS_TOKEN:-}" "errors are only logged"
