# shellcheck shell=bash disable=SC2034  # recipes set TOOL_VERSION for scripts/tools.sh
# kubeconform, the offline Kubernetes manifest validator.
TOOL_VERSION=0.8.0

tool_build() {
  GOBIN="$1/bin" CGO_ENABLED=0 go install -trimpath -ldflags='-s -w' "github.com/yannh/kubeconform/cmd/kubeconform@v$TOOL_VERSION"
}
