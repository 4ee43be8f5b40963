# shellcheck shell=bash disable=SC2034  # recipes set TOOL_VERSION for scripts/tools.sh
# The AWS X-Ray daemon, for tests: built from the module pinned in scripts/xray-daemon.
TOOL_VERSION=3.0.1-$(cat "$REPO_ROOT/scripts/xray-daemon/go.mod" "$REPO_ROOT/scripts/xray-daemon/go.sum" | sha256sum | cut -c1-12)

tool_build() {
  mkdir -p "$1/bin"
  (cd "$REPO_ROOT/scripts/xray-daemon" && CGO_ENABLED=0 go build -trimpath -ldflags='-s -w' -o "$1/bin/xray" github.com/aws/aws-xray-daemon/daemon)
  "$1/bin/xray" --version
}
