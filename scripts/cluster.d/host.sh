# shellcheck shell=bash
# What the cluster changes on the host, and how `down` undoes it: the bridge and its
# isolation rules, sysctls, mounts, network namespaces, iptables chains and cgroups.
# Sourced by scripts/cluster.sh (BRIDGE, NODE_IP, POD_CIDR, SERVICE_CIDR, CLUSTER_DIR).

# Host settings the components change; `down` puts back what `up` found.
SYSCTLS=(net.ipv4.ip_forward net.bridge.bridge-nf-call-iptables net.bridge.bridge-nf-call-ip6tables
  vm.overcommit_memory vm.panic_on_oom kernel.panic kernel.panic_on_oops
  kernel.keys.root_maxkeys kernel.keys.root_maxbytes)
APT_PACKAGES=(containerd runc containernetworking-plugins etcd-server iptables conntrack)
OUR_CHAINS='^(KUBE-|CNI-|CRUDDUR-)'

host_install_packages() {
  local missing=() pkg
  for pkg in "${APT_PACKAGES[@]}"; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# What the cluster could leave on the host: `down` compares it with what `up` recorded.
host_fingerprint() {
  local key
  echo "## sysctls"
  for key in "${SYSCTLS[@]}"; do echo "$key=$(sysctl -n "$key")"; done
  echo "## mounts"
  findmnt -rn -o TARGET | sort
  echo "## network namespaces"
  ip netns list | awk '{print $1}' | sort
  echo "## links"
  ip -o link show | awk -F': ' '{print $2}' | sort
  echo "## routes"
  ip route show | sort
  echo "## iptables"
  # Rules and our own chains; an empty table left by iptables is not a change.
  { iptables-save && ip6tables-save; } | grep -E '^-A|^:' | grep -vE '^:(PREROUTING|INPUT|FORWARD|OUTPUT|POSTROUTING) ' || true
  echo "## cgroups"
  find /sys/fs/cgroup -maxdepth 2 -name 'kubepods*'
  echo "## files"
  host_files
  echo "## processes"
  pgrep -a -f "$CLUSTER_DIR" | grep -v pgrep || true
}

# Folders the components write to whatever their configuration says (the CNI result
# cache, the kubelet's device-plugin socket, containerd's fifo and network-namespace folders).
host_files() {
  { find /var/lib/cni /etc/cni /var/lib/kubelet /run/containerd /var/run/netns 2>/dev/null || true; } | sort
}

# Deletes what appeared in those folders since `up` (deepest first).
host_remove_new_files() {
  local before=$1
  host_files | { grep -vxFf <(sed -n '/^## files$/,/^## /p' "$before") || true; } | sort -r | while read -r path; do
    rm -rf "$path"
  done
}

# Records the host before `up` (sysctls are restored from it by host_clean).
host_save_state() {
  local key
  for key in "${SYSCTLS[@]}"; do
    echo "$key=$(sysctl -n "$key")"
  done >"$CLUSTER_DIR/sysctl.before"
  ip netns list | awk '{print $1}' >"$CLUSTER_DIR/netns.before"
  host_fingerprint >"$CLUSTER_DIR/host.before"
}

# After host_clean: fails, showing the difference, when the host is not as `up` found it.
host_verify() {
  local before=$1
  if ! diff <(cat "$before") <(host_fingerprint) >&2; then
    echo "cluster.sh: the host is not as 'up' found it (above: < before, > now)" >&2
    return 1
  fi
}

host_network_up() {
  sysctl -qw net.ipv4.ip_forward=1 net.bridge.bridge-nf-call-iptables=1 net.bridge.bridge-nf-call-ip6tables=1
  ip link add "$BRIDGE" type bridge
  ip addr add "$NODE_IP/${POD_CIDR#*/}" dev "$BRIDGE"
  ip link set "$BRIDGE" up
  # Service addresses never follow the default route off the machine.
  ip route add "$SERVICE_CIDR" dev "$BRIDGE"
  # Pods may talk to each other, to Services and to the host's bridge address: anything
  # else they send is dropped before routing, so no pod packet can leave the machine.
  iptables -t raw -N CRUDDUR-ISOLATE
  iptables -t raw -A CRUDDUR-ISOLATE -d "$POD_CIDR" -j RETURN
  iptables -t raw -A CRUDDUR-ISOLATE -d "$SERVICE_CIDR" -j RETURN
  iptables -t raw -A CRUDDUR-ISOLATE -j DROP
  iptables -t raw -A PREROUTING -i "$BRIDGE" -j CRUDDUR-ISOLATE
  ip6tables -t raw -N CRUDDUR-ISOLATE
  ip6tables -t raw -A CRUDDUR-ISOLATE -j DROP
  ip6tables -t raw -A PREROUTING -i "$BRIDGE" -j CRUDDUR-ISOLATE
}

# Removes the rules that jump to our chains, then the chains themselves.
iptables_clean() {
  local ipt=$1 table rule chain
  for table in filter nat mangle raw; do
    "$ipt-save" -t "$table" | sed -nE '/-j (KUBE-|CNI-|CRUDDUR-)/{/^-A (KUBE-|CNI-|CRUDDUR-)/!s/^-A /-D /p}' |
      while read -r rule; do
        eval "$ipt -t $table $rule" || true
      done
    for chain in $("$ipt-save" -t "$table" | grep -oE "^:[^ ]+" | tr -d : | grep -E "$OUR_CHAINS"); do
      "$ipt" -t "$table" -F "$chain"
    done
    for chain in $("$ipt-save" -t "$table" | grep -oE "^:[^ ]+" | tr -d : | grep -E "$OUR_CHAINS"); do
      "$ipt" -t "$table" -X "$chain"
    done
  done
}

host_clean() {
  local target ns key
  # Deepest first; lazy, so a busy mount cannot stop the clean-up.
  findmnt -rn -o TARGET | { grep "^$CLUSTER_DIR" || true; } | sort -r | while read -r target; do
    umount -l "$target" || true
  done
  if [ -f "$CLUSTER_DIR/netns.before" ]; then
    for ns in $(ip netns list | awk '{print $1}' | grep -vxFf "$CLUSTER_DIR/netns.before" || true); do
      ip netns delete "$ns" || true
    done
  fi
  ip link delete "$BRIDGE" 2>/dev/null || true
  kube-proxy --cleanup >/dev/null 2>&1 || true
  iptables_clean iptables
  iptables_clean ip6tables
  if [ -f "$CLUSTER_DIR/sysctl.before" ]; then
    while read -r key; do sysctl -qw "$key" || true; done <"$CLUSTER_DIR/sysctl.before"
  fi
  # The kubelet's cgroups (cgroupfs driver): empty once every pod has stopped.
  find /sys/fs/cgroup/*/kubepods -depth -type d -exec rmdir {} + 2>/dev/null || true
}
