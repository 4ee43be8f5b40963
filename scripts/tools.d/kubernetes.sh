# shellcheck shell=bash disable=SC2034  # recipes set TOOL_VERSION for scripts/tools.sh
# The Kubernetes components of the kind node image built here (scripts/kind-node-image.sh),
# and kubectl: one `go build` of the wrapper module in scripts/kubernetes, so shared packages
# compile once.
KUBERNETES_VERSION=1.34.4
TOOL_VERSION=$KUBERNETES_VERSION-$(cat "$REPO_ROOT/scripts/kubernetes/go.mod" "$REPO_ROOT/scripts/kubernetes/go.sum" | sha256sum | cut -c1-12)

tool_build() {
  local pkg=k8s.io/component-base/version
  # Without these the binaries report v0.0.0-master, which kubectl's version-skew check rejects.
  local ldflags="-s -w -X $pkg.gitVersion=v$KUBERNETES_VERSION -X $pkg.gitMajor=${KUBERNETES_VERSION%%.*}"
  ldflags+=" -X $pkg.gitMinor=$(cut -d. -f2 <<<"$KUBERNETES_VERSION") -X $pkg.gitTreeState=clean"
  mkdir -p "$1/bin"
  (cd "$REPO_ROOT/scripts/kubernetes" && CGO_ENABLED=0 go build -trimpath -ldflags="$ldflags" -o "$1/bin/" \
    k8s.io/kubernetes/cmd/kube-apiserver k8s.io/kubernetes/cmd/kube-controller-manager \
    k8s.io/kubernetes/cmd/kube-scheduler k8s.io/kubernetes/cmd/kubelet \
    k8s.io/kubernetes/cmd/kube-proxy k8s.io/kubernetes/cmd/kubectl)
  "$1/bin/kubectl" version --client
}
