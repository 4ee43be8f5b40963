# shellcheck shell=bash disable=SC2034  # recipes set TOOL_VERSION for scripts/tools.sh
# The pod sandbox ("pause") binary for the local cluster's pause image: static, so the
# image can be FROM scratch.
TOOL_VERSION=1-$(sha256sum "$REPO_ROOT/scripts/pause/pause.c" | cut -c1-12)

tool_build() {
  mkdir -p "$1/bin"
  gcc -static -Os -Wall -Werror -o "$1/bin/pause" "$REPO_ROOT/scripts/pause/pause.c"
  strip "$1/bin/pause"
}
