# shellcheck shell=bash disable=SC2034  # recipes set TOOL_VERSION for scripts/tools.sh
# Helm 4, built from its Go module and installed as `helm4` beside Helm 3, with the version
# flag of Helm's own release build (its Makefile), so that it reports the pinned version.
TOOL_VERSION=4.3.1

tool_build() {
  local module=helm.sh/helm/v4
  local flags=(-s -w -X "$module/internal/version.version=v$TOOL_VERSION" -X "$module/internal/version.gitTreeState=clean")
  GOBIN="$1/gobin" CGO_ENABLED=0 go install -trimpath -ldflags="${flags[*]}" "$module/cmd/helm@v$TOOL_VERSION"
  mkdir -p "$1/bin" && mv "$1/gobin/helm" "$1/bin/helm4" && rmdir "$1/gobin"
  "$1/bin/helm4" version
}
