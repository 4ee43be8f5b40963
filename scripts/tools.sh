#!/usr/bin/env bash
# Builds the project's pinned tools into a cache folder, once per version, and
# prints each tool's install folder. Executables are also linked into
# "$CRUDDUR_TOOLS_DIR/bin" so one PATH entry finds all of them.
#
#   scripts/tools.sh <tool>...      tools: the recipes in scripts/tools.d/
#
# A recipe defines TOOL_VERSION and tool_build <out>, which installs into <out>
# (executables in <out>/bin). CRUDDUR_TOOLS_DIR defaults to <repo>/.tools; CI
# points it at a per-machine cache so a clean clone does not rebuild anything.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export CRUDDUR_TOOLS_DIR=${CRUDDUR_TOOLS_DIR:-$repo/.tools}
export REPO_ROOT=$repo

if [ $# -eq 0 ]; then
  echo "usage: scripts/tools.sh <tool>... (one of: $(cd "$repo/scripts/tools.d" && printf "%s " *.sh | sed "s/\.sh//g"))" >&2
  exit 2
fi

mkdir -p "$CRUDDUR_TOOLS_DIR/bin"
for name in "$@"; do
  recipe=$repo/scripts/tools.d/$name.sh
  if [ ! -f "$recipe" ]; then
    echo "tools.sh: no recipe for '$name' in scripts/tools.d" >&2
    exit 2
  fi
  (
    # shellcheck source=/dev/null
    source "$recipe"
    out=$CRUDDUR_TOOLS_DIR/$name/$TOOL_VERSION
    if [ ! -f "$out/.complete" ]; then
      echo "tools.sh: building $name $TOOL_VERSION (cached in $out)" >&2
      rm -rf "$out" && mkdir -p "$out"
      tool_build "$out" >&2
      touch "$out/.complete"
    fi
    if [ -d "$out/bin" ]; then
      for exe in "$out"/bin/*; do ln -sfn "$exe" "$CRUDDUR_TOOLS_DIR/bin/$(basename "$exe")"; done
    fi
    echo "$out"
  )
done
