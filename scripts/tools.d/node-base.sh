# shellcheck shell=bash disable=SC2034  # recipes set TOOL_VERSION for scripts/tools.sh
# A Node 24 base image's root filesystem, for building service/Dockerfile where no base
# image can be pulled: Debian bookworm (minbase, from this machine's own apt mirror), the
# Node binary of the node recipe, npm, a `node` user (uid 1000, as in the official image)
# and this machine's CA bundle (package installs pass a TLS-intercepting proxy here).
# scripts/images.sh imports it as cruddur/node:<version>-bookworm.
NODE_BASE_NPM=11.21.2
TOOL_VERSION=$(source "$REPO_ROOT/scripts/tools.d/node.sh" && echo "$TOOL_VERSION")-npm$NODE_BASE_NPM-$(sha256sum "$REPO_ROOT/scripts/debian-rootfs.sh" | cut -c1-8)

tool_build() {
  local rootfs node_dir
  # shellcheck source=scripts/debian-rootfs.sh
  source "$REPO_ROOT/scripts/debian-rootfs.sh"
  rootfs=$(mktemp -d)
  debian_rootfs "$rootfs"
  node_dir=$("$REPO_ROOT/scripts/tools.sh" node)
  install -m 0755 "$(readlink -f "$node_dir/bin/node")" "$rootfs/usr/local/bin/node"
  npm install --prefix "$rootfs/usr/local" --global --no-fund --no-audit "npm@$NODE_BASE_NPM"
  mkdir -p "$rootfs/etc/ssl/certs"
  cp /etc/ssl/certs/ca-certificates.crt "$rootfs/etc/ssl/certs/ca-certificates.crt"
  chroot "$rootfs" groupadd --gid 1000 node
  chroot "$rootfs" useradd --uid 1000 --gid node --shell /bin/bash --create-home node
  debian_rootfs_tar "$rootfs" "$1/rootfs.tar"
}
