# shellcheck shell=bash
# The cluster's components and how each is started. Every listener is on loopback or on
# the cluster bridge's address ($NODE_IP), never on the host's own interfaces.
# Sourced by scripts/cluster.sh.

registry_config() {
  cat >"$CLUSTER_DIR/registry.yaml" <<YAML
version: 0.1
log: { level: warn }
storage:
  filesystem: { rootdirectory: $CLUSTER_DIR/registry }
  delete: { enabled: true }
http:
  addr: 127.0.0.1:${REGISTRY##*:}
YAML
  echo "$CLUSTER_DIR/registry.yaml"
}

start_control_plane() {
  local pki=$CLUSTER_DIR/pki
  proc_start etcd etcd --name "$NODE_NAME" --data-dir "$CLUSTER_DIR/etcd" \
    --listen-client-urls http://127.0.0.1:2379 --advertise-client-urls http://127.0.0.1:2379 \
    --listen-peer-urls http://127.0.0.1:2380 --initial-advertise-peer-urls http://127.0.0.1:2380 \
    --initial-cluster "$NODE_NAME=http://127.0.0.1:2380"
  wait_for etcd curl -fsS http://127.0.0.1:2379/health
  proc_start kube-apiserver kube-apiserver --etcd-servers=http://127.0.0.1:2379 \
    --bind-address="$NODE_IP" --advertise-address="$NODE_IP" --secure-port=6443 \
    --service-cluster-ip-range="$SERVICE_CIDR" --allow-privileged=true \
    --authorization-mode=Node,RBAC --client-ca-file="$pki/ca.crt" \
    --tls-cert-file="$pki/apiserver.crt" --tls-private-key-file="$pki/apiserver.key" \
    --kubelet-client-certificate="$pki/apiserver-kubelet-client.crt" \
    --kubelet-client-key="$pki/apiserver-kubelet-client.key" \
    --kubelet-preferred-address-types=InternalIP \
    --service-account-issuer=https://kubernetes.default.svc.cluster.local \
    --service-account-key-file="$pki/sa.pub" --service-account-signing-key-file="$pki/sa.key" \
    --profiling=false
  wait_for kube-apiserver kubectl_admin get --raw /readyz
  proc_start kube-controller-manager kube-controller-manager \
    --kubeconfig="$CLUSTER_DIR/kube-controller-manager.kubeconfig" \
    --authentication-kubeconfig="$CLUSTER_DIR/kube-controller-manager.kubeconfig" \
    --authorization-kubeconfig="$CLUSTER_DIR/kube-controller-manager.kubeconfig" \
    --bind-address=127.0.0.1 --leader-elect=false --use-service-account-credentials=true \
    --root-ca-file="$pki/ca.crt" --service-account-private-key-file="$pki/sa.key" \
    --service-cluster-ip-range="$SERVICE_CIDR" --cluster-cidr="$POD_CIDR" --allocate-node-cidrs=false
  proc_start kube-scheduler kube-scheduler --kubeconfig="$CLUSTER_DIR/kube-scheduler.kubeconfig" \
    --authentication-kubeconfig="$CLUSTER_DIR/kube-scheduler.kubeconfig" \
    --authorization-kubeconfig="$CLUSTER_DIR/kube-scheduler.kubeconfig" \
    --bind-address=127.0.0.1 --leader-elect=false
}

start_node() {
  proc_start containerd containerd --config "$CLUSTER_DIR/containerd/config.toml"
  wait_for containerd crictl_node info
  proc_start kubelet kubelet --config="$CLUSTER_DIR/kubelet.yaml" \
    --kubeconfig="$CLUSTER_DIR/kubelet.kubeconfig" --root-dir="$CLUSTER_DIR/kubelet" \
    --cert-dir="$CLUSTER_DIR/kubelet/pki" --hostname-override="$NODE_NAME" --node-ip="$NODE_IP"
  proc_start kube-proxy kube-proxy --config="$CLUSTER_DIR/kube-proxy.yaml"
}

# Stops and removes every pod sandbox through the CRI, so CNI removes their networks.
remove_pod_sandboxes() {
  [ -S "$CLUSTER_DIR/containerd/containerd.sock" ] || return 0
  crictl_node rmp --all --force >/dev/null 2>&1 || true
}

# containerd's shims outlive containerd by design; stop the ones that belong to it.
kill_leftover_shims() {
  local pid
  for pid in $(pgrep -f "containerd-shim.*-address $CLUSTER_DIR/containerd/containerd.sock" || true); do
    kill -9 "$pid" 2>/dev/null || true
  done
}
