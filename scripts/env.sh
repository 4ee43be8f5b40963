# shellcheck shell=bash
# Source this file (". scripts/env.sh") to put a Node.js that package.json's engines accept
# and the project's built tools first on PATH. When the machine's Node is older, Node 24 is
# installed into the tools cache first (once, about 10 s).
#
# The tools cache is per user, shared by every clone: CRUDDUR_TOOLS_DIR (scripts/tools-dir.sh).
_cruddur_repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=scripts/tools-dir.sh
. "$_cruddur_repo/scripts/tools-dir.sh"
case ":$PATH:" in
  *":$CRUDDUR_TOOLS_DIR/bin:"*) ;;
  *) export PATH=$CRUDDUR_TOOLS_DIR/bin:$PATH ;;
esac
if ! node "$_cruddur_repo/scripts/check-node.js"; then
  echo "env.sh: Node $(node --version 2>/dev/null || echo 'is missing, or') is older than package.json's engines; using Node 24 from $CRUDDUR_TOOLS_DIR (installed once)" >&2
  "$_cruddur_repo/scripts/tools.sh" node >/dev/null || return 1
  # The shell remembered the old node's path when it ran check-node.js: forget it.
  hash -r
fi
unset _cruddur_repo
