# shellcheck shell=bash
# Certificates and kubeconfigs for the local cluster, made with openssl: one CA, the API
# server's serving certificate, a client certificate per component (its user and groups
# are what RBAC's built-in bindings expect), and the service-account signing key.
# Sourced by scripts/cluster.sh, which sets CLUSTER_DIR, NODE_NAME, NODE_IP, SERVICE_IP.

pki_dir() { echo "$CLUSTER_DIR/pki"; }

# client_cert <name> <subject> [<extensions file>]
pki_cert() {
  local dir name=$1 subject=$2 ext=${3:-}
  dir=$(pki_dir)
  openssl req -new -newkey rsa:2048 -nodes -subj "$subject" \
    -keyout "$dir/$name.key" -out "$dir/$name.csr" 2>/dev/null
  openssl x509 -req -in "$dir/$name.csr" -CA "$dir/ca.crt" -CAkey "$dir/ca.key" -CAcreateserial \
    -days 30 -out "$dir/$name.crt" ${ext:+-extfile "$ext"} 2>/dev/null
  rm -f "$dir/$name.csr"
}

# kubeconfig <name>: a kubeconfig that authenticates with <name>'s client certificate.
pki_kubeconfig() {
  local dir name=$1
  dir=$(pki_dir)
  cat >"$CLUSTER_DIR/$name.kubeconfig" <<YAML
apiVersion: v1
kind: Config
clusters:
  - name: cruddur-local
    cluster:
      server: https://$NODE_IP:6443
      certificate-authority: $dir/ca.crt
users:
  - name: $name
    user:
      client-certificate: $dir/$name.crt
      client-key: $dir/$name.key
contexts:
  - name: cruddur-local
    context: { cluster: cruddur-local, user: $name }
current-context: cruddur-local
YAML
}

pki_create() {
  local dir
  dir=$(pki_dir)
  [ -f "$dir/.complete" ] && return
  mkdir -p "$dir"
  openssl req -x509 -new -newkey rsa:2048 -nodes -days 30 -subj "/CN=cruddur-local-ca" \
    -keyout "$dir/ca.key" -out "$dir/ca.crt" 2>/dev/null
  cat >"$dir/apiserver.ext" <<EXT
subjectAltName = IP:$NODE_IP, IP:$SERVICE_IP, IP:127.0.0.1, DNS:localhost, DNS:kubernetes, DNS:kubernetes.default, DNS:kubernetes.default.svc, DNS:kubernetes.default.svc.cluster.local
extendedKeyUsage = serverAuth
EXT
  printf 'subjectAltName = IP:%s, DNS:%s\nextendedKeyUsage = serverAuth\n' "$NODE_IP" "$NODE_NAME" >"$dir/kubelet-serving.ext"
  pki_cert apiserver "/CN=kube-apiserver" "$dir/apiserver.ext"
  pki_cert kubelet-serving "/CN=$NODE_NAME" "$dir/kubelet-serving.ext"
  pki_cert admin "/O=system:masters/CN=cruddur-admin"
  pki_cert apiserver-kubelet-client "/O=system:masters/CN=kube-apiserver-kubelet-client"
  pki_cert kube-controller-manager "/CN=system:kube-controller-manager"
  pki_cert kube-scheduler "/CN=system:kube-scheduler"
  pki_cert kube-proxy "/CN=system:kube-proxy"
  pki_cert kubelet "/O=system:nodes/CN=system:node:$NODE_NAME"
  openssl genrsa -out "$dir/sa.key" 2048 2>/dev/null
  openssl rsa -in "$dir/sa.key" -pubout -out "$dir/sa.pub" 2>/dev/null
  for user in admin kube-controller-manager kube-scheduler kube-proxy kubelet; do
    pki_kubeconfig "$user"
  done
  touch "$dir/.complete"
}
