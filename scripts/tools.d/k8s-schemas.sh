# shellcheck shell=bash disable=SC2034  # recipes set TOOL_VERSION for scripts/tools.sh
# JSON schemas for kubeconform, generated offline from the OpenAPI spec that the
# k8s.io/kubernetes module ships (api/openapi-spec/swagger.json) for this version.
TOOL_VERSION=1.34.2

tool_build() {
  local out=$1 dir
  dir=$(GOFLAGS=-mod=mod go mod download -json "k8s.io/kubernetes@v$TOOL_VERSION" | python3 -c 'import json,sys; print(json.load(sys.stdin)["Dir"])')
  python3 "$REPO_ROOT/scripts/openapi-to-jsonschema.py" "$dir/api/openapi-spec/swagger.json" "$out/v$TOOL_VERSION-standalone-strict"
}
