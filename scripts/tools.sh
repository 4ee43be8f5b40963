#!/usr/bin/env bash
# Builds the project's pinned tools into a cache folder, once per recipe, and prints each
# tool's install folder. Executables are also linked into "$CRUDDUR_TOOLS_DIR/bin" so one
# PATH entry finds all of them, and each tool's folder as "$CRUDDUR_TOOLS_DIR/share/<tool>".
#
#   scripts/tools.sh <tool>...              tools: the recipes in scripts/tools.d/
#   scripts/tools.sh --missing <tool>...    prints the ones not built yet, builds nothing
#
# A recipe defines TOOL_VERSION and tool_build <out>, which installs into <out>
# (executables in <out>/bin). The cache key is the version and a hash of the recipe, so a
# changed recipe (new build flags) is rebuilt instead of served stale. CRUDDUR_TOOLS_DIR is
# a per-user cache shared by every clone (default in scripts/tools-dir.sh).
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=scripts/tools-dir.sh
. "$repo/scripts/tools-dir.sh"
export REPO_ROOT=$repo

list_only=false
if [ "${1:-}" = --missing ]; then list_only=true && shift; fi
if [ $# -eq 0 ]; then
  echo "usage: scripts/tools.sh [--missing] <tool>... (one of: $(cd "$repo/scripts/tools.d" && printf "%s " *.sh | sed "s/\.sh//g"))" >&2
  exit 2
fi

# Under sudo the cache is the invoking user's (tools-dir.sh): what root builds there stays theirs.
owned_by_user() {
  if [ "$(id -u)" = 0 ] && [ -n "${SUDO_UID:-}" ] && [ "$SUDO_UID" != 0 ]; then
    chown -hR "$SUDO_UID:${SUDO_GID:-$SUDO_UID}" "$@"
  fi
}

mkdir -p "$CRUDDUR_TOOLS_DIR/bin" "$CRUDDUR_TOOLS_DIR/share"
for name in "$@"; do
  recipe=$repo/scripts/tools.d/$name.sh
  if [ ! -f "$recipe" ]; then
    echo "tools.sh: no recipe for '$name' in scripts/tools.d" >&2
    exit 2
  fi
  (
    # shellcheck source=/dev/null
    source "$recipe"
    out=$CRUDDUR_TOOLS_DIR/$name/$TOOL_VERSION-$(sha256sum "$recipe" | cut -c1-8)
    if $list_only; then
      [ -f "$out/.complete" ] || echo "$name"
      exit 0
    fi
    if [ ! -f "$out/.complete" ]; then
      echo "tools.sh: building $name $TOOL_VERSION (cached in $out)" >&2
      rm -rf "$out" && mkdir -p "$out"
      tool_build "$out" >&2
      touch "$out/.complete"
    fi
    if [ -d "$out/bin" ]; then
      for exe in "$out"/bin/*; do
        ln -sfn "$exe" "$CRUDDUR_TOOLS_DIR/bin/$(basename "$exe")"
      done
    fi
    ln -sfn "$out" "$CRUDDUR_TOOLS_DIR/share/$name"
    echo "$out"
  )
done
owned_by_user "$CRUDDUR_TOOLS_DIR"
