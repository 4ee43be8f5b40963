#!/usr/bin/env bash
# A local Docker engine for the Testcontainers suites, on a machine without one running.
#   scripts/docker.sh start   install Debian's docker.io if needed, start dockerd, wait for it
#   scripts/docker.sh stop    stop the dockerd this script started
# dockerd makes no default bridge and no iptables rules: the Testcontainers suites use host
# networking, and kind's network is kept on this machine by scripts/kind-isolation.sh.
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

state=${CRUDDUR_DOCKER_STATE:-/tmp/cruddur-dockerd}
mkdir -p "$state"

# Where root lacks CAP_SYS_RESOURCE (CI's machine), a --privileged container, as kind's nodes
# are, fails in runc; this runtime wrapper drops that one capability first (laptops have it).
runtime=()
cap_sys_resource=24
if (($(($(awk '/^CapBnd/ {print "0x" $2}' /proc/self/status) >> cap_sys_resource & 1)) == 0)); then
  runtime=(--add-runtime "runc-drop-sys-resource=$repo/scripts/runc-drop-sys-resource.sh"
    --default-runtime runc-drop-sys-resource)
fi

start() {
  if docker info >/dev/null 2>&1; then
    echo "docker.sh: an engine is already running"
    return
  fi
  if ! command -v dockerd >/dev/null; then
    if [ "$(id -u)" != 0 ]; then
      echo "docker.sh: dockerd is missing; install Debian's docker.io (needs root)" >&2
      exit 1
    fi
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker.io >/dev/null
  fi
  if ((${#runtime[@]})) && ! command -v jq >/dev/null; then
    # The runtime wrapper edits the container's spec with jq.
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq jq >/dev/null
  fi
  nohup dockerd --bridge=none --iptables=false --ip6tables=false "${runtime[@]}" >"$state/dockerd.log" 2>&1 &
  echo $! >"$state/dockerd.pid"
  for _ in $(seq 1 60); do
    if docker info >/dev/null 2>&1; then
      echo "docker.sh: dockerd is up (log: $state/dockerd.log)"
      return
    fi
    sleep 1
  done
  echo "docker.sh: dockerd did not answer within 60 s; its log:" >&2
  tail -20 "$state/dockerd.log" >&2
  exit 1
}

stop() {
  [ -f "$state/dockerd.pid" ] || return 0
  kill "$(cat "$state/dockerd.pid")" 2>/dev/null || true
  for _ in $(seq 1 20); do
    kill -0 "$(cat "$state/dockerd.pid")" 2>/dev/null || break
    sleep 0.5
  done
  rm -f "$state/dockerd.pid"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: scripts/docker.sh start|stop" >&2; exit 2 ;;
esac
