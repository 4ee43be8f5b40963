# shellcheck shell=bash disable=SC2034  # recipes set TOOL_VERSION for scripts/tools.sh
# The root filesystem of the kind node image's kube-proxy image (upstream's is
# "distroless-iptables"): Debian bookworm with nftables, iptables and conntrack.
TOOL_VERSION=bookworm-$(sha256sum "$REPO_ROOT/scripts/debian-rootfs.sh" | cut -c1-8)

tool_build() {
  local root
  # shellcheck source=scripts/debian-rootfs.sh
  source "$REPO_ROOT/scripts/debian-rootfs.sh"
  root=$(mktemp -d)
  debian_rootfs "$root" nftables iptables conntrack iproute2
  debian_rootfs_tar "$root" "$1/rootfs.tar"
}
