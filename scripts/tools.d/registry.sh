# shellcheck shell=bash disable=SC2034  # recipes set TOOL_VERSION for scripts/tools.sh
# The OCI registry (CNCF Distribution) that serves localhost:5001 to the local cluster.
TOOL_VERSION=3.1.2

tool_build() {
  GOBIN="$1/bin" CGO_ENABLED=0 go install -trimpath -ldflags='-s -w' "github.com/distribution/distribution/v3/cmd/registry@v$TOOL_VERSION"
  "$1/bin/registry" --version
}
