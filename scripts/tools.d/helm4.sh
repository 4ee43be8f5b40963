# shellcheck shell=bash disable=SC2034  # recipes set TOOL_VERSION for scripts/tools.sh
# Helm 4, built from its Go module and installed as `helm4` beside Helm 3.
TOOL_VERSION=4.3.1

tool_build() {
  GOBIN="$1/gobin" CGO_ENABLED=0 go install -trimpath -ldflags='-s -w' "helm.sh/helm/v4/cmd/helm@v$TOOL_VERSION"
  mkdir -p "$1/bin" && mv "$1/gobin/helm" "$1/bin/helm4" && rmdir "$1/gobin"
}
