#!/usr/bin/env bash
# Runs a command with the project's Node.js first on PATH and its npm packages installed:
#   scripts/with-node.sh <command>...
# `npm start`, `npm run dev` and `npm test` run through it, so that they work on a fresh
# clone whatever Node is on PATH: scripts/env.sh installs Node 24 when the machine's Node is
# older than package.json's engines, and `npm ci` runs when node_modules is missing or
# older than package-lock.json (a fresh clone, or a pull that changed the lockfile).
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=scripts/env.sh
. "$repo/scripts/env.sh"
if [ ! "$repo/node_modules/.package-lock.json" -nt "$repo/package-lock.json" ]; then
  echo "with-node.sh: installing the npm packages (npm ci, about a minute the first time)" >&2
  (cd "$repo" && npm ci --no-fund --no-audit >&2)
fi
exec "$@"
