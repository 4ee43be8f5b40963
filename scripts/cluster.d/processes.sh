# shellcheck shell=bash
# Starting, watching and stopping the cluster's host processes. Each runs in its own
# session (so a signal to this script's terminal never reaches it), with its PID in
# $CLUSTER_DIR/pids and its output in $CLUSTER_DIR/logs. Sourced by scripts/cluster.sh.

# proc_start <name> <command...>
proc_start() {
  local name=$1
  shift
  mkdir -p "$CLUSTER_DIR/pids" "$CLUSTER_DIR/logs"
  setsid "$@" >"$CLUSTER_DIR/logs/$name.log" 2>&1 </dev/null &
  echo $! >"$CLUSTER_DIR/pids/$name.pid"
}

# proc_stop <name>: SIGTERM, then SIGKILL after 15 s.
proc_stop() {
  local pidfile=$CLUSTER_DIR/pids/$1.pid pid
  [ -f "$pidfile" ] || return 0
  pid=$(cat "$pidfile")
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 150); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -9 "$pid" 2>/dev/null || true
  rm -f "$pidfile"
}

proc_status() {
  local pidfile name
  for pidfile in "$CLUSTER_DIR"/pids/*.pid; do
    name=$(basename "$pidfile" .pid)
    if kill -0 "$(cat "$pidfile")" 2>/dev/null; then
      echo "$name: running (pid $(cat "$pidfile"))"
    else
      echo "$name: NOT RUNNING (log: $CLUSTER_DIR/logs/$name.log)"
    fi
  done
}

# wait_for <what> <command...>: retries for up to 3 minutes, then shows the logs.
wait_for() {
  local what=$1
  shift
  for _ in $(seq 1 180); do
    "$@" >/dev/null 2>&1 && return 0
    sleep 1
  done
  echo "cluster.sh: $what did not come up in 3 minutes; last log lines:" >&2
  tail -n 5 "$CLUSTER_DIR"/logs/*.log >&2
  exit 1
}

kubectl_admin() { kubectl --kubeconfig "$CLUSTER_DIR/admin.kubeconfig" "$@"; }

crictl_node() { crictl --runtime-endpoint "unix://$CLUSTER_DIR/containerd/containerd.sock" "$@"; }
