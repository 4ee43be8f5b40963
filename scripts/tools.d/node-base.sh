# shellcheck shell=bash disable=SC2034  # recipes set TOOL_VERSION for scripts/tools.sh
# A Node 24 base image's root filesystem, for building service/Dockerfile where no base
# image can be pulled: Debian bookworm (minbase, from this machine's own apt mirror), the
# Node binary of the node recipe, npm, a `node` user (uid 1000, as in the official image)
# and this machine's CA bundle (package installs pass a TLS-intercepting proxy here).
# scripts/images.sh imports it as cruddur/node:<version>-bookworm.
NODE_BASE_NPM=11.21.2
TOOL_VERSION=$(source "$REPO_ROOT/scripts/tools.d/node.sh" && echo "$TOOL_VERSION")-npm$NODE_BASE_NPM-1

tool_build() {
  local out=$1 rootfs mirror node_dir
  rootfs=$(mktemp -d)
  mirror=$(awk '/^URIs:/ {print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null ||
    awk '/^deb / {print $2; exit}' /etc/apt/sources.list)
  command -v debootstrap >/dev/null || apt-get install -y -qq debootstrap >/dev/null
  debootstrap --variant=minbase bookworm "$rootfs" "$mirror"
  node_dir=$("$REPO_ROOT/scripts/tools.sh" node)
  install -m 0755 "$(readlink -f "$node_dir/bin/node")" "$rootfs/usr/local/bin/node"
  npm install --prefix "$rootfs/usr/local" --global --no-fund --no-audit "npm@$NODE_BASE_NPM"
  mkdir -p "$rootfs/etc/ssl/certs"
  cp /etc/ssl/certs/ca-certificates.crt "$rootfs/etc/ssl/certs/ca-certificates.crt"
  chroot "$rootfs" groupadd --gid 1000 node
  chroot "$rootfs" useradd --uid 1000 --gid node --shell /bin/bash --create-home node
  rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
  tar -C "$rootfs" -cf "$out/rootfs.tar" .
  rm -rf "$rootfs"
}
