# shellcheck shell=bash
# Configuration files of the local cluster's node: containerd (its own socket, root and
# state, so it never meets Docker's), the CNI bridge network, the kubelet and kube-proxy.
# Sourced by scripts/cluster.sh, which sets CLUSTER_DIR, NODE_NAME, NODE_IP, POD_CIDR,
# SERVICE_CIDR, DNS_IP, BRIDGE and REGISTRY.

config_write() {
  local c=$CLUSTER_DIR
  mkdir -p "$c/containerd/certs.d/$REGISTRY" "$c/containerd/certs.d/_default" "$c/cni/net.d"
  cat >"$c/containerd/config.toml" <<TOML
version = 2
root = "$c/containerd/root"
state = "$c/containerd/state"
# The opt plugin would install into /opt/containerd; nothing here needs it.
disabled_plugins = ["io.containerd.internal.v1.opt"]
[grpc]
  address = "$c/containerd/containerd.sock"
[plugins."io.containerd.grpc.v1.cri"]
  sandbox_image = "$REGISTRY/pause:$PAUSE_TAG"
  stream_server_address = "127.0.0.1"
  # Root here lacks CAP_SYS_RESOURCE, so no process may lower its OOM score:
  # pods keep containerd's, instead of failing to start.
  restrict_oom_score_adj = true
  [plugins."io.containerd.grpc.v1.cri".containerd]
    snapshotter = "overlayfs"
    default_runtime_name = "runc"
    [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
      runtime_type = "io.containerd.runc.v2"
      [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
        # cgroup v1 without systemd: the kubelet's cgroupfs driver.
        SystemdCgroup = false
        # runc's state with the rest of the cluster's, not in /run/containerd.
        Root = "$c/containerd/runc"
  [plugins."io.containerd.grpc.v1.cri".cni]
    bin_dir = "/usr/lib/cni"
    conf_dir = "$c/cni/net.d"
  [plugins."io.containerd.grpc.v1.cri".registry]
    config_path = "$c/containerd/certs.d"
TOML
  # The only registry: the local one, over plain HTTP on loopback. Every other registry's
  # name (docker.io, ...) resolves to it too, so no pull ever looks off the machine.
  local dir
  for dir in "$REGISTRY" _default; do
    cat >"$c/containerd/certs.d/$dir/hosts.toml" <<TOML
server = "http://$REGISTRY"
[host."http://$REGISTRY"]
  capabilities = ["pull", "resolve"]
TOML
  done
  # No ipMasq: pod traffic is never translated to leave through the host's interfaces.
  cat >"$c/cni/net.d/10-cruddur.conflist" <<JSON
{
  "cniVersion": "0.4.0",
  "name": "$CNI_NETWORK",
  "plugins": [
    {
      "type": "bridge",
      "bridge": "$BRIDGE",
      "isGateway": true,
      "ipMasq": false,
      "hairpinMode": true,
      "ipam": {
        "type": "host-local",
        "dataDir": "$c/cni/ipam",
        "ranges": [[{ "subnet": "$POD_CIDR", "gateway": "$NODE_IP" }]],
        "routes": [{ "dst": "0.0.0.0/0" }]
      }
    }
  ]
}
JSON
  : >"$c/resolv.conf"
  cat >"$c/kubelet.yaml" <<YAML
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
address: $NODE_IP
readOnlyPort: 0
healthzBindAddress: 127.0.0.1
cgroupDriver: cgroupfs
# This host has cgroup v1 only; 1.34 still runs on it when told to.
failCgroupV1: false
containerRuntimeEndpoint: unix://$c/containerd/containerd.sock
authentication:
  anonymous: { enabled: false }
  webhook: { enabled: true }
  x509: { clientCAFile: $c/pki/ca.crt }
authorization: { mode: Webhook }
tlsCertFile: $c/pki/kubelet-serving.crt
tlsPrivateKeyFile: $c/pki/kubelet-serving.key
clusterDomain: cluster.local
clusterDNS: [$DNS_IP]
# An empty file: pods with dnsPolicy Default get no upstream resolver.
resolvConf: $c/resolv.conf
failSwapOn: false
serializeImagePulls: false
# A developer machine's disk may be fuller than a server's: evict only when nearly full.
evictionHard: { memory.available: 100Mi, nodefs.available: 1%, imagefs.available: 1% }
imageGCHighThresholdPercent: 100
imageGCLowThresholdPercent: 99
YAML
  cat >"$c/kube-proxy.yaml" <<YAML
apiVersion: kubeproxy.config.k8s.io/v1alpha1
kind: KubeProxyConfiguration
clientConnection: { kubeconfig: $c/kube-proxy.kubeconfig }
hostnameOverride: $NODE_NAME
mode: iptables
clusterCIDR: $POD_CIDR
healthzBindAddress: 127.0.0.1:10256
metricsBindAddress: 127.0.0.1:10249
nodePortAddresses: [$NODE_IP/32]
iptables: { localhostNodePorts: false }
# Zero leaves the host's conntrack settings as they are.
conntrack: { maxPerCore: 0, min: 0, tcpEstablishedTimeout: 0s, tcpCloseWaitTimeout: 0s }
YAML
}
