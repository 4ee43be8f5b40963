# shellcheck shell=bash disable=SC2034  # recipes set TOOL_VERSION for scripts/tools.sh
# The Kubernetes components of the kind node image built here (scripts/kind-node-image.sh),
# and kubectl: one `go build` of the wrapper module in scripts/kubernetes, so shared packages
# compile once.
KUBERNETES_VERSION=1.34.4
TOOL_VERSION=$KUBERNETES_VERSION-$(cat "$REPO_ROOT/scripts/kubernetes/go.mod" "$REPO_ROOT/scripts/kubernetes/go.sum" | sha256sum | cut -c1-12)

# The version stamped into the binaries (kubeadm's recipe uses it too). Without it they report
# v0.0.0-master, which kubectl's version-skew check and kubeadm's version checks reject.
kubernetes_ldflags() {
  local pkg=k8s.io/component-base/version
  echo "-s -w -X $pkg.gitVersion=v$KUBERNETES_VERSION -X $pkg.gitMajor=${KUBERNETES_VERSION%%.*}" \
    "-X $pkg.gitMinor=$(cut -d. -f2 <<<"$KUBERNETES_VERSION") -X $pkg.gitTreeState=clean"
}

tool_build() {
  mkdir -p "$1/bin"
  (cd "$REPO_ROOT/scripts/kubernetes" && CGO_ENABLED=0 go build -trimpath -ldflags="$(kubernetes_ldflags)" -o "$1/bin/" \
    k8s.io/kubernetes/cmd/kube-apiserver k8s.io/kubernetes/cmd/kube-controller-manager \
    k8s.io/kubernetes/cmd/kube-scheduler k8s.io/kubernetes/cmd/kubelet \
    k8s.io/kubernetes/cmd/kube-proxy k8s.io/kubernetes/cmd/kubectl)
  "$1/bin/kubectl" version --client
}
