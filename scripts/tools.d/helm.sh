# shellcheck shell=bash disable=SC2034  # recipes set TOOL_VERSION for scripts/tools.sh
# Helm 3, built from its Go module with the link flags of Helm's own release build (its
# Makefile): the version it reports, and the Kubernetes version `helm template` and
# `helm lint` assume without --kube-version, derived from the client-go it is built with.
TOOL_VERSION=3.22.0

tool_build() {
  local module=helm.sh/helm/v3 gomod client_go
  gomod=$(go mod download -json "$module@v$TOOL_VERSION" | python3 -c 'import json, sys; print(json.load(sys.stdin)["GoMod"])')
  # client-go v0.37.x goes with Kubernetes 1.37.
  client_go=$(awk '$1 == "k8s.io/client-go" { sub(/^v0\./, "", $2); split($2, v, "."); print v[1] }' "$gomod")
  local flags=(
    -s -w
    -X "$module/internal/version.version=v$TOOL_VERSION"
    -X "$module/internal/version.gitTreeState=clean"
    -X "$module/pkg/chartutil.k8sVersionMajor=1" -X "$module/pkg/chartutil.k8sVersionMinor=$client_go"
    -X "$module/pkg/lint/rules.k8sVersionMajor=1" -X "$module/pkg/lint/rules.k8sVersionMinor=$client_go"
  )
  GOBIN="$1/bin" CGO_ENABLED=0 go install -trimpath -ldflags="${flags[*]}" "$module/cmd/helm@v$TOOL_VERSION"
  "$1/bin/helm" version
}
