# shellcheck shell=bash disable=SC2034  # recipes set TOOL_VERSION for scripts/tools.sh
# Tilt, for the local loop (`tilt up`) and for evaluating the Tiltfile in tests.
# Its go.mod has replace directives, so `go install pkg@version` refuses it: build inside
# a copy of the downloaded module, letting go resolve what the module cache lacks. It needs
# cgo (tree-sitter), so it links against the C library: it is a tool, not an image binary.
TOOL_VERSION=0.34.0
# The checksum database has no entry for this module here, so its hash is pinned instead.
TILT_MODULE_SUM='h1:oJAAkIiV34TEdlNqjDWkKG29hsAln7Ao28F+RTEZN24='

tool_build() {
  local info module src date work
  info=$(GONOSUMDB=github.com/tilt-dev/tilt go mod download -json "github.com/tilt-dev/tilt@v$TOOL_VERSION")
  # Prints the module's folder and release date, after checking its hash.
  module=$(printf '%s' "$info" | python3 -c '
import json, sys
info = json.load(sys.stdin)
if info.get("Sum") != sys.argv[1]:
    sys.exit("tilt module: got %s, expected %s" % (info.get("Sum") or info.get("Error"), sys.argv[1]))
print(info["Dir"], json.load(open(info["Info"]))["Time"][:10])' "$TILT_MODULE_SUM")
  src=${module% *} date=${module##* }
  # The version and date Tilt's release build (goreleaser) stamps in: without them Tilt calls
  # itself a dev build of its previous release and serves its web UI from a dev server.
  work=$(mktemp -d)
  cp -r "$src/." "$work" && chmod -R u+w "$work"
  # The release build embeds a yarn build of the web UI, which the Go module lacks; without
  # an index.html a release-stamped Tilt refuses to start. This page says where to look.
  cat >"$work/pkg/assets/build/index.html" <<'HTML'
<!doctype html><title>Tilt</title><p>This Tilt was built from its Go module, without the web UI.
Use <code>tilt up --stream</code>, <code>tilt get uiresources</code> and <code>tilt logs</code>.
HTML
  (cd "$work" && CGO_ENABLED=1 go build -mod=mod -trimpath -ldflags="-s -w -X main.version=$TOOL_VERSION -X main.date=$date" -o "$1/bin/tilt" ./cmd/tilt)
  rm -rf "$work"
  "$1/bin/tilt" version
}
