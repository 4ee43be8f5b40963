# shellcheck shell=bash disable=SC2034  # recipes set TOOL_VERSION for scripts/tools.sh
# CoreDNS for the local cluster, with the plugin set of scripts/coredns (no forwarding).
TOOL_VERSION=1.15.0-$(cat "$REPO_ROOT"/scripts/coredns/* | sha256sum | cut -c1-12)

tool_build() {
  mkdir -p "$1/bin"
  (cd "$REPO_ROOT/scripts/coredns" && CGO_ENABLED=0 go build -trimpath -ldflags='-s -w' -o "$1/bin/coredns" .)
  "$1/bin/coredns" -version
}
