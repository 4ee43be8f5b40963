# shellcheck shell=bash disable=SC2034  # recipes set TOOL_VERSION for scripts/tools.sh
# etcd for the kind node image (scripts/kind-node-image.sh), built from the wrapper module
# in scripts/etcd; its version (in that go.mod) is the one kubeadm 1.34 deploys, 3.6.5.
ETCD_VERSION=$(awk '$1 == "require" && $2 == "go.etcd.io/etcd/server/v3" { sub(/^v/, "", $3); print $3 }' "$REPO_ROOT/scripts/etcd/go.mod")
TOOL_VERSION=$ETCD_VERSION-$(cat "$REPO_ROOT/scripts/etcd/go.mod" "$REPO_ROOT/scripts/etcd/go.sum" | sha256sum | cut -c1-12)

tool_build() {
  mkdir -p "$1/bin"
  (cd "$REPO_ROOT/scripts/etcd" && CGO_ENABLED=0 go build -trimpath -ldflags='-s -w' -o "$1/bin/etcd" go.etcd.io/etcd/server/v3)
  "$1/bin/etcd" --version
}
