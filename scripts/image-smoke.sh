#!/usr/bin/env bash
# Builds the production image and runs it the way the chart does (non-root, read-only root
# filesystem, no capabilities, /tmp as tmpfs), then checks that it serves, continues an
# incoming X-Ray trace, and exits 0 on SIGTERM.
#   scripts/image-smoke.sh                      builds FROM node:24-bookworm-slim
#   NODE_IMAGE=<base> scripts/image-smoke.sh    another Node 24 base image
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
. "$repo/scripts/lib.sh"
need docker curl python3

image=cruddur-backend:smoke
port=${SMOKE_PORT:-14590}
docker build --network host -q -f "$repo/service/Dockerfile" -t "$image" \
  --build-arg "NODE_IMAGE=${NODE_IMAGE:-node:24-bookworm-slim}" \
  --build-arg "CODE_VERSION=$(git -C "$repo" rev-parse --short HEAD)" "$repo" >/dev/null

container=$(docker run -d --network host --read-only --tmpfs /tmp --cap-drop ALL \
  --security-opt no-new-privileges -e PORT="$port" "$image")
trap 'docker rm -f "$container" >/dev/null 2>&1 || true' EXIT
for _ in $(seq 50); do
  curl -fsS "http://127.0.0.1:$port/api/health" >/dev/null 2>&1 && break
  sleep 0.2
done

user=$(docker exec "$container" id -u)
[ "$user" != 0 ] || { echo "image-smoke: runs as root" >&2; exit 1; }
trace=$(python3 -c 'import os, time; print("%08x" % int(time.time()), os.urandom(12).hex())' | tr -d ' ')
status=$(curl -sS -o /dev/null -w '%{http_code}' \
  -H "X-Amzn-Trace-Id: Root=1-${trace:0:8}-${trace:8};Parent=53995c3f42cd8ad8;Sampled=1" \
  "http://127.0.0.1:$port/api/activities/home")
[ "$status" = 200 ] || { echo "image-smoke: /api/activities/home answered $status" >&2; exit 1; }
docker stop -t 15 "$container" >/dev/null
exit_code=$(docker inspect "$container" --format '{{.State.ExitCode}}')
logs=$(docker logs "$container" 2>&1)
grep -q "\"trace_id\":\"$trace\"" <<<"$logs" || { echo "image-smoke: trace $trace not continued" >&2; exit 1; }
[ "$exit_code" = 0 ] || { echo "image-smoke: exit code $exit_code after SIGTERM" >&2; exit 1; }
echo "image-smoke: $image runs as uid $user with a read-only root, continued trace $trace, exited 0 on SIGTERM"
