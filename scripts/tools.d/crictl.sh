# shellcheck shell=bash disable=SC2034  # recipes set TOOL_VERSION for scripts/tools.sh
# crictl, the CRI client: scripts/cluster.sh uses it to stop and remove pod sandboxes
# through containerd, so their networks are torn down by CNI.
TOOL_VERSION=1.34.0

tool_build() {
  GOBIN="$1/bin" CGO_ENABLED=0 go install -trimpath -ldflags="-s -w -X sigs.k8s.io/cri-tools/pkg/version.Version=v$TOOL_VERSION" "sigs.k8s.io/cri-tools/cmd/crictl@v$TOOL_VERSION"
  "$1/bin/crictl" --version
}
