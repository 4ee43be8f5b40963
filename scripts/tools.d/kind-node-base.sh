# shellcheck shell=bash disable=SC2034  # recipes set TOOL_VERSION for scripts/tools.sh
# The root filesystem of kind's node base image, made here because none can be pulled:
# Debian bookworm with what kind's base image (images/base/Dockerfile in the kind module)
# installs, but Debian's containerd, runc and CNI plugins instead of its own builds, and
# kind's base files (entrypoint, systemd units, containerd config) from the kind module.
# scripts/kind-node-image.sh turns it into the node image.
KIND_VERSION=$(source "$REPO_ROOT/scripts/tools.d/kind.sh" && echo "$TOOL_VERSION")
TOOL_VERSION=$KIND_VERSION-$(sha256sum "$REPO_ROOT/scripts/debian-rootfs.sh" | cut -c1-8)

tool_build() {
  local root files
  # shellcheck source=scripts/debian-rootfs.sh
  source "$REPO_ROOT/scripts/debian-rootfs.sh"
  root=$(mktemp -d)
  debian_rootfs "$root" systemd systemd-sysv dbus containerd runc containernetworking-plugins \
    conntrack iptables nftables iproute2 ethtool util-linux mount kmod libseccomp2 pigz \
    bash ca-certificates jq procps
  files=$(go mod download -json "sigs.k8s.io/kind@v$KIND_VERSION" | jq -r .Dir)/images/base/files
  # The COPY and RUN steps of kind's base Dockerfile.
  install -D -m 0755 "$files/usr/local/bin/entrypoint" "$root/usr/local/bin/entrypoint"
  # The module cache's files are read-only; kind's Dockerfile copies them as 0644, scripts 0755.
  cp -r --no-preserve=mode "$files/kind" "$files/etc" "$root/" && chmod 0755 "$root"/kind/bin/*
  find "$root/lib/systemd/system/sysinit.target.wants/" -name systemd-tmpfiles-setup.service -delete
  rm -f "$root"/lib/systemd/system/{multi-user,local-fs,basic}.target.wants/* "$root"/etc/systemd/system/*.wants/*
  rm -f "$root"/lib/systemd/system/sockets.target.wants/*{udev,initctl}*
  echo ReadKMsg=no >>"$root/etc/systemd/journald.conf"
  chroot "$root" systemctl enable kubelet.service containerd.service undo-mount-hacks.service
  chroot "$root" systemctl mask systemd-binfmt.service
  mkdir -p "$root/etc/kubernetes/manifests" "$root/opt/cni/bin"
  # Debian's paths where kind's units and containerd config expect its own builds.
  ln -s /usr/bin/containerd "$root/usr/local/bin/containerd"
  for plugin in host-local loopback ptp portmap bridge; do ln -s "/usr/lib/cni/$plugin" "$root/opt/cni/bin/$plugin"; done
  chroot "$root" ctr oci spec |
    jq '.hooks.createContainer += [{"path": "/kind/bin/mount-product-files.sh"}] | del(.process.rlimits)' \
      >"$root/etc/containerd/cri-base.json"
  # Debian's containerd has no fuse-overlayfs snapshotter (kind uses it rootless only), and
  # root on CI's host lacks CAP_SYS_RESOURCE, so containerd may not lower a pod's OOM score.
  sed -i -e '/^\[proxy_plugins/,/^$/d' -e 's/restrict_oom_score_adj = false/restrict_oom_score_adj = true/' \
    "$root/etc/containerd/config.toml"
  debian_rootfs_tar "$root" "$1/rootfs.tar"
}
