#!/usr/bin/env bash
# Calls the deployed API through a port-forward with a fresh trace id, checks the answer,
# and prints where to find that trace. Works against kind and EKS alike.
#   scripts/smoke.sh [kubectl args, e.g. --context kind-cruddur]
# HONEYCOMB_TEAM / HONEYCOMB_ENVIRONMENT add a Honeycomb link; AWS_REGION an X-Ray link.
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
. "$repo/scripts/lib.sh"
need kubectl curl python3

local_port=${SMOKE_PORT:-14567}
kubectl "$@" -n "$CRUDDUR_NAMESPACE" rollout status "deployment/$CRUDDUR_RELEASE" --timeout=120s
kubectl "$@" -n "$CRUDDUR_NAMESPACE" port-forward "service/$CRUDDUR_RELEASE" "$local_port:80" >/dev/null &
forward=$!
trap 'kill $forward 2>/dev/null || true' EXIT
for _ in $(seq 50); do
  curl -fsS "http://127.0.0.1:$local_port/api/health" >/dev/null 2>&1 && break
  sleep 0.2
done

# An X-Ray-compatible W3C trace id: the first 8 hex digits are the epoch seconds.
trace_id=$(python3 -c 'import os, time; print("%08x%s" % (int(time.time()), os.urandom(12).hex()))')
span_id=$(python3 -c 'import os; print(os.urandom(8).hex())')
status=$(curl -sS -o /tmp/cruddur-smoke.json -w '%{http_code}' \
  -H "traceparent: 00-$trace_id-$span_id-01" "http://127.0.0.1:$local_port/api/activities/home")
if [ "$status" != 200 ]; then
  echo "smoke: GET /api/activities/home answered $status:" >&2
  cat /tmp/cruddur-smoke.json >&2
  exit 1
fi
count=$(python3 -c 'import json; print(len(json.load(open("/tmp/cruddur-smoke.json"))))')
echo "smoke: GET /api/activities/home -> 200 with $count activities"
echo "trace id: $trace_id (X-Ray: 1-${trace_id:0:8}-${trace_id:8})"
if [ -n "${HONEYCOMB_TEAM:-}" ] && [ -n "${HONEYCOMB_ENVIRONMENT:-}" ]; then
  echo "Honeycomb: https://ui.honeycomb.io/$HONEYCOMB_TEAM/environments/$HONEYCOMB_ENVIRONMENT/datasets/$CRUDDUR_RELEASE/trace?trace_id=$trace_id"
fi
if [ -n "${AWS_REGION:-}" ]; then
  echo "X-Ray: https://$AWS_REGION.console.aws.amazon.com/cloudwatch/home?region=$AWS_REGION#xray:traces/1-${trace_id:0:8}-${trace_id:8}"
fi
echo "Collector debug output (kind): kubectl -n $CRUDDUR_NAMESPACE logs -l app.kubernetes.io/component=collector --tail=200 | grep -A3 $trace_id"
