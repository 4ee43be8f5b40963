# shellcheck shell=bash disable=SC2034  # recipes set TOOL_VERSION for scripts/tools.sh
# Helm 3, built from its Go module.
TOOL_VERSION=3.22.0

tool_build() {
  GOBIN="$1/bin" CGO_ENABLED=0 go install -trimpath -ldflags='-s -w' "helm.sh/helm/v3/cmd/helm@v$TOOL_VERSION"
}
