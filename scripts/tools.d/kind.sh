# shellcheck shell=bash disable=SC2034  # recipes set TOOL_VERSION for scripts/tools.sh
# kind, the Kubernetes-in-Docker CLI for scripts/kind-up.sh. v0.30.0 is the last release
# whose node base is Debian bookworm (later ones use trixie, whose systemd refuses the
# cgroup v1 hosts CI runs on); its base files also make the node image (kind-node.sh).
TOOL_VERSION=0.30.0

tool_build() {
  GOBIN="$1/bin" CGO_ENABLED=0 go install -trimpath -ldflags='-s -w' "sigs.k8s.io/kind@v$TOOL_VERSION"
  "$1/bin/kind" version
}
