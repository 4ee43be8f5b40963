//go:build tools

// Package build pins the Kubernetes components that scripts/tools.d/kubernetes.sh builds.
// k8s.io/kubernetes replaces its k8s.io/* staging modules with local folders, which a
// dependent module cannot see, so go.mod replaces each with its published v0.x release.
package build

import (
	_ "k8s.io/kubernetes/cmd/kube-apiserver"
	_ "k8s.io/kubernetes/cmd/kube-controller-manager"
	_ "k8s.io/kubernetes/cmd/kube-proxy"
	_ "k8s.io/kubernetes/cmd/kube-scheduler"
	_ "k8s.io/kubernetes/cmd/kubelet"
	_ "k8s.io/kubernetes/cmd/kubectl"
)
