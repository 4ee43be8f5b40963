# shellcheck shell=bash disable=SC2034  # recipes set TOOL_VERSION for scripts/tools.sh
# kubeadm, for kind's node image (scripts/kind-node-image.sh): kind drives it in the nodes.
# Built from the wrapper module of the kubernetes recipe, in a copy of it: kubeadm needs
# three modules more than the other components (pinned by k8s.io/kubernetes's own go.mod),
# and adding them to scripts/kubernetes would change that recipe's key and rebuild it.
TOOL_VERSION=$(source "$REPO_ROOT/scripts/tools.d/kubernetes.sh" && echo "$TOOL_VERSION")

tool_build() {
  local ldflags work
  # shellcheck source=scripts/tools.d/kubernetes.sh
  ldflags=$(source "$REPO_ROOT/scripts/tools.d/kubernetes.sh" && kubernetes_ldflags)
  work=$(mktemp -d)
  cp "$REPO_ROOT"/scripts/kubernetes/go.* "$work/"
  mkdir -p "$1/bin"
  (cd "$work" && CGO_ENABLED=0 go build -mod=mod -trimpath -ldflags="$ldflags" -o "$1/bin/" k8s.io/kubernetes/cmd/kubeadm)
  rm -rf "$work"
  "$1/bin/kubeadm" version -o short
}
