# shellcheck shell=bash
# The one default for CRUDDUR_TOOLS_DIR, the per-user cache where scripts/tools.sh builds
# the pinned tools (shared by every clone). Sourced by every script that needs the tools;
# test/support/prerequisites.ts reads the exported value (npm test runs through env.sh).
#
# Under sudo, HOME and XDG_CACHE_HOME are root's (sudo resets the environment), so the
# cache of the user who ran sudo is used instead: `sudo scripts/kind-up.sh` finds what
# `npm run test:all` built, instead of rebuilding every tool into root's home.
if [ -z "${CRUDDUR_TOOLS_DIR:-}" ]; then
  if [ "$(id -u)" = 0 ] && [ -n "${SUDO_USER:-}" ] && [ "$SUDO_USER" != root ]; then
    CRUDDUR_TOOLS_DIR=$(getent passwd "$SUDO_USER" | cut -d: -f6)/.cache/cruddur/tools
  else
    CRUDDUR_TOOLS_DIR=${XDG_CACHE_HOME:-$HOME/.cache}/cruddur/tools
  fi
fi
export CRUDDUR_TOOLS_DIR
