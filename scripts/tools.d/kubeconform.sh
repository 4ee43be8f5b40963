# shellcheck shell=bash disable=SC2034  # recipes set TOOL_VERSION for scripts/tools.sh
# kubeconform, the offline Kubernetes manifest validator, with the version flag of its own
# release build (goreleaser), so that `kubeconform -v` reports the pinned version.
TOOL_VERSION=0.8.0

tool_build() {
  GOBIN="$1/bin" CGO_ENABLED=0 go install -trimpath -ldflags="-s -w -X main.version=v$TOOL_VERSION" "github.com/yannh/kubeconform/cmd/kubeconform@v$TOOL_VERSION"
  "$1/bin/kubeconform" -v
}
