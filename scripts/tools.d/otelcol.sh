# shellcheck shell=bash disable=SC2034  # recipes set TOOL_VERSION for scripts/tools.sh
# The project's OpenTelemetry Collector distribution (collector/builder-config.yaml),
# built with the OpenTelemetry Collector Builder as a static binary.
TOOL_VERSION=0.159.0-$(sha256sum "$REPO_ROOT/collector/builder-config.yaml" | cut -c1-12)

tool_build() {
  local out=$1 work
  work=$(mktemp -d)
  GOBIN="$out/builder" go install "go.opentelemetry.io/collector/cmd/builder@v0.159.0"
  sed "/^dist:/a\\  output_path: $work/src" "$REPO_ROOT/collector/builder-config.yaml" > "$work/manifest.yaml"
  CGO_ENABLED=0 "$out/builder/builder" --config "$work/manifest.yaml" --skip-compilation
  mkdir -p "$out/bin"
  (cd "$work/src" && CGO_ENABLED=0 go build -trimpath -ldflags='-s -w' -o "$out/bin/otelcol-cruddur" .)
  rm -rf "$work" "$out/builder"
  "$out/bin/otelcol-cruddur" --version
}
