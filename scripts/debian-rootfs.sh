# shellcheck shell=bash
# Debian bookworm root filesystems for images built where no base image can be pulled,
# from this machine's own apt mirror. Sourced by the recipes in scripts/tools.d.

# debian_rootfs <dir> [<package>...]: debootstraps a minbase system with the packages.
debian_rootfs() {
  local dir=$1 mirror include
  shift
  mirror=$(awk '/^URIs:/ {print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null ||
    awk '/^deb / {print $2; exit}' /etc/apt/sources.list)
  command -v debootstrap >/dev/null || apt-get install -y -qq debootstrap >/dev/null
  include=$(IFS=, && echo "$*")
  debootstrap --variant=minbase ${include:+"--include=$include"} bookworm "$dir" "$mirror"
}

# debian_rootfs_tar <dir> <tar>: drops apt's caches, writes the tar and removes <dir>.
debian_rootfs_tar() {
  rm -rf "$1"/var/cache/apt/archives/*.deb "$1"/var/lib/apt/lists/*
  tar -C "$1" -cf "$2" .
  rm -rf "$1"
}
