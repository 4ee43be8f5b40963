# shellcheck shell=bash
# Source this file (". scripts/env.sh") to put Node 24 and the project's built
# tools first on PATH, installing Node 24 when the machine's Node is older.
_cruddur_repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export CRUDDUR_TOOLS_DIR=${CRUDDUR_TOOLS_DIR:-$_cruddur_repo/.tools}
_cruddur_node_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$_cruddur_node_major" -lt 24 ]; then
  "$_cruddur_repo/scripts/tools.sh" node >/dev/null || return 1
fi
case ":$PATH:" in
  *":$CRUDDUR_TOOLS_DIR/bin:"*) ;;
  *) export PATH=$CRUDDUR_TOOLS_DIR/bin:$PATH ;;
esac
unset _cruddur_repo _cruddur_node_major
