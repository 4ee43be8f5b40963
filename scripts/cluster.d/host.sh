# shellcheck shell=bash
# What the cluster changes on the host, and how `down` undoes it: the bridge and its
# isolation rules, sysctls, mounts, network namespaces, iptables chains and cgroups.
# Sourced by scripts/cluster.sh (BRIDGE, NODE_IP, POD_CIDR, SERVICE_CIDR, CLUSTER_DIR).

# Host settings the components change; `down` puts back what `up` found.
SYSCTLS=(net.ipv4.ip_forward net.bridge.bridge-nf-call-iptables net.bridge.bridge-nf-call-ip6tables
  vm.overcommit_memory vm.panic_on_oom kernel.panic kernel.panic_on_oops
  kernel.keys.root_maxkeys kernel.keys.root_maxbytes)
APT_PACKAGES=(containerd runc containernetworking-plugins etcd-server iptables conntrack)

host_install_packages() {
  local missing=() pkg
  for pkg in "${APT_PACKAGES[@]}"; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# What the cluster leaves on the host, and only that: its mounts, network namespaces,
# bridge, routes, iptables chains and rules, cgroups, CNI results and processes, each
# recognised by the names it gives them (CLUSTER_DIR, BRIDGE, the CIDRs, CLUSTER_NETNS,
# CLUSTER_CHAINS, CLUSTER_FILES, CLUSTER_FOLDERS; set by scripts/cluster.sh). What other software makes
# meanwhile (Docker's namespaces, bridges and chains) is not the cluster's, so `down`
# never judges it. A pod's veth dies with its network namespace, which is checked.
host_fingerprint() {
  local key rules
  echo "## sysctls"
  for key in "${SYSCTLS[@]}"; do echo "$key=$(sysctl -n "$key")"; done
  echo "## mounts"
  findmnt -rn -o TARGET | awk -v dir="$CLUSTER_DIR/" -v ns="/run/netns/$CLUSTER_NETNS" \
    'index($0, dir) == 1 || index($0, ns) == 1 || index($0, "/var" ns) == 1' | sort
  echo "## network namespaces"
  ip netns list | awk -v ns="$CLUSTER_NETNS" 'index($1, ns) == 1 {print $1}' | sort
  echo "## links"
  ip -o link show | awk -F': ' -v bridge="$BRIDGE" '$2 == bridge || index($2, bridge "@") == 1 {print $2}'
  echo "## routes"
  ip route show | grep -E -e "dev $BRIDGE( |$)" -e "^($POD_CIDR|$SERVICE_CIDR) " | sort || true
  echo "## iptables"
  # (A host that also has legacy tables makes the nft tools warn on stderr: not a change.)
  rules=$({ iptables-save && ip6tables-save; } 2>/dev/null | grep -E '^-A|^:' || true)
  { grep -E -e "^:$CLUSTER_CHAINS" -e "^-A $CLUSTER_CHAINS" -e "-j $CLUSTER_CHAINS" <<<"$rules"
    grep -F -e " $BRIDGE " -e "$POD_CIDR" -e "$SERVICE_CIDR" <<<"$rules"; } | sort -u || true
  echo "## cgroups"
  find /sys/fs/cgroup -maxdepth 2 -name 'kubepods*'
  echo "## files"
  host_files
  echo "## processes"
  pgrep -a -f "$CLUSTER_DIR" | grep -v pgrep || true
}

# What the components write outside CLUSTER_DIR (CLUSTER_FILES, patterns) and the folders
# they make for it (CLUSTER_FOLDERS, deepest first), set by scripts/cluster.sh: folders
# end with a slash.
host_files() {
  local pattern folder
  for pattern in $CLUSTER_FILES; do compgen -G "$pattern" || true; done | sort
  for folder in $CLUSTER_FOLDERS; do [ ! -d "$folder" ] || echo "$folder/"; done
}

# The sockets of our containerd's shims, which a killed shim leaves behind: containerd 1.6
# puts them in /run/containerd/s (Docker's shims too), each named by the SHA-256 of
# "<containerd address>/<namespace>/<id>".
host_shim_sockets() {
  local address=$CLUSTER_DIR/containerd/containerd.sock args ns id
  pgrep -a -f "containerd-shim.*-address $address" | while read -r _ args; do
    ns=$(sed -nE 's/.* -namespace ([^ ]+).*/\1/p' <<<"$args")
    id=$(sed -nE 's/.* -id ([^ ]+).*/\1/p' <<<"$args")
    printf '/run/containerd/s/%s\n' "$(printf '%s' "$address/$ns/$id" | sha256sum | cut -d' ' -f1)"
  done
}

# Records the host before `up`: the fingerprint `down` compares with, the namespaces and
# chains that already existed (`down` deletes only the ones made after), and the sysctls
# (restored by host_clean).
host_save_state() {
  local key
  for key in "${SYSCTLS[@]}"; do
    echo "$key=$(sysctl -n "$key")"
  done >"$CLUSTER_DIR/sysctl.before"
  ip netns list | awk '{print $1}' >"$CLUSTER_DIR/netns.before"
  host_chains >"$CLUSTER_DIR/chains.before"
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

# Puts back the sysctls `up` changed. Only the keys in SYSCTLS, with numeric values, are
# taken from the saved file: nothing read from a file is replayed as it stands.
host_restore_sysctls() {
  local key value
  [ -f "$CLUSTER_DIR/sysctl.before" ] || return 0
  for key in "${SYSCTLS[@]}"; do
    value=$(awk -F= -v key="$key" '$1 == key {print $2}' "$CLUSTER_DIR/sysctl.before")
    if [[ $value =~ ^[0-9]+$ ]]; then sysctl -qw "$key=$value" || true; fi
  done
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

# <ip(6)tables> <table> lines of the chains named like ours, on the whole host.
host_chains() {
  local ipt table
  for ipt in iptables ip6tables; do
    for table in filter nat mangle raw; do
      "$ipt-save" -t "$table" 2>/dev/null | grep -oE "^:${CLUSTER_CHAINS}[^ ]*" | sed "s/^:/$ipt $table /" || true
    done
  done
}

# Removes the chains named like ours that were not there before `up`, and the rules that
# jump to them: a chain another tool made before is left alone. Rules are deleted by their
# number, never by replaying saved text (kube-proxy's carry quoted comments).
iptables_clean() {
  local ipt table chain parent number
  host_chains | grep -vxFf "$CLUSTER_DIR/chains.before" >"$CLUSTER_DIR/chains.ours" || true
  while read -r ipt table chain; do
    for parent in $("$ipt-save" -t "$table" 2>/dev/null | awk -v chain="$chain" '$1 == "-A" && $NF == chain && $(NF-1) == "-j" {print $2}' | sort -u); do
      for number in $("$ipt" -w -t "$table" -L "$parent" -n --line-numbers 2>/dev/null | awk -v chain="$chain" '$2 == chain {print $1}' | sort -rn); do
        "$ipt" -w -t "$table" -D "$parent" "$number" || true
      done
    done
  done <"$CLUSTER_DIR/chains.ours"
  while read -r ipt table chain; do "$ipt" -w -t "$table" -F "$chain" || true; done <"$CLUSTER_DIR/chains.ours"
  while read -r ipt table chain; do "$ipt" -w -t "$table" -X "$chain" || true; done <"$CLUSTER_DIR/chains.ours"
}

# Undoes what the cluster made, and nothing else (see host_fingerprint for how it is told apart).
host_clean() {
  local target ns path
  # Deepest first; lazy, so a busy mount cannot stop the clean-up.
  findmnt -rn -o TARGET | awk -v dir="$CLUSTER_DIR/" 'index($0, dir) == 1' | sort -r | while read -r target; do
    umount -l "$target" || true
  done
  if [ -f "$CLUSTER_DIR/netns.before" ]; then
    for ns in $(ip netns list | awk -v ns="$CLUSTER_NETNS" 'index($1, ns) == 1 {print $1}' |
      grep -vxFf "$CLUSTER_DIR/netns.before" || true); do
      ip netns delete "$ns" || true
    done
  fi
  ip link delete "$BRIDGE" 2>/dev/null || true
  if [ -f "$CLUSTER_DIR/chains.before" ]; then iptables_clean; fi
  host_files | grep -v '/$' | while read -r path; do rm -f "$path"; done
  # The folders the components made (each empty by now), deepest first; rmdir keeps any
  # that another program has since put something in.
  for path in $CLUSTER_FOLDERS; do
    grep -qxF "$path/" "$CLUSTER_DIR/host.before" 2>/dev/null || rmdir "$path" 2>/dev/null || true
  done
  host_restore_sysctls
  # The kubelet's cgroups (cgroupfs driver): empty once every pod has stopped. Only when
  # our kubelet ran (its root folder is in CLUSTER_DIR): another kubelet's are not ours.
  [ -d "$CLUSTER_DIR/kubelet" ] || return 0
  find /sys/fs/cgroup/*/kubepods -depth -type d -exec rmdir {} + 2>/dev/null || true
}
