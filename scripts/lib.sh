# shellcheck shell=bash
# Shared by the cluster scripts: sourced, not run.

# Stops with one line per missing tool, saying where to get it.
need() {
  local missing=0 tool
  for tool in "$@"; do
    if ! command -v "$tool" >/dev/null 2>&1; then
      case $tool in
        helm | kubeconform | tilt | kind) echo "missing: $tool (scripts/tools.sh $tool builds it; then . scripts/env.sh)" >&2 ;;
        aws) echo "missing: aws (the AWS CLI v2)" >&2 ;;
        *) echo "missing: $tool" >&2 ;;
      esac
      missing=1
    fi
  done
  [ "$missing" -eq 0 ] || exit 1
}

CRUDDUR_NAMESPACE=${CRUDDUR_NAMESPACE:-cruddur}
CRUDDUR_RELEASE=${CRUDDUR_RELEASE:-cruddur}
CRUDDUR_SECRET=${CRUDDUR_SECRET:-cruddur-secrets}
