#!/usr/bin/env bash
# Builds a kind node image for CI's machine, where no image can be pulled, the way kind's
# own build context does (`kind build node-image` would pull every image it did not build):
#   1. the base image: the kind-node-base root filesystem, with kind's entrypoint;
#   2. kubeadm, kubelet and kubectl in /usr/bin, and /kind/version;
#   3. the images kubeadm deploys, built here and tagged as it expects, imported into the
#      node's containerd, and the pod network (scripts/kind-node) as kind's default CNI;
#   4. `docker commit` with kind's entrypoint.
# Prints the image's name; builds it unless the Docker engine has it already.
#   scripts/kind-node-image.sh
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

tools=(kubernetes kubeadm etcd coredns pause kind-node-base debian-iptables)
declare -A dir
for tool in "${tools[@]}"; do dir[$tool]=$("$repo/scripts/tools.sh" "$tool"); done
version=v$(basename "${dir[kubernetes]}" | cut -d- -f1)
# The tools' cache folders name their versions and recipes: with this script and the pod
# network's files they key the image.
key=$(printf '%s\n' "${dir[@]}" | sort | cat - "$0" "$repo"/scripts/kind-node/cni* | sha256sum | cut -c1-12)
node_image=cruddur.local/kind-node:$version-$key
if docker image inspect "$node_image" >/dev/null 2>&1; then
  echo "$node_image"
  exit 0
fi

work=$(mktemp -d)
build=
cleanup() {
  [ -z "$build" ] || docker rm -f -v "$build" >/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

# image <ref> <from> <user> <file>...: builds <ref> with the files in /usr/local/bin, the
# first one its entrypoint.
image() {
  local ref=$1 from=$2 user=$3 context
  shift 3
  context=$(mktemp -d -p "$work")
  cp -L "$@" "$context/"
  printf 'FROM %s\nCOPY . /usr/local/bin/\nENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\nUSER %s\nENTRYPOINT ["/usr/local/bin/%s"]\n' \
    "$from" "$user" "$(basename "$1")" >"$context/Dockerfile"
  DOCKER_BUILDKIT=0 docker build --quiet --network none -t "$ref" "$context" >/dev/null
  echo "$ref"
}

# rootfs_image <ref> <tar> [<Dockerfile line>...]: imports a root filesystem, with the lines
# (`docker import --change` refuses STOPSIGNAL), unless the image is there.
rootfs_image() {
  local ref=$1 tar=$2
  shift 2
  if ! docker image inspect "$ref" >/dev/null 2>&1; then
    docker import "$tar" "$ref" >/dev/null
    { echo "FROM $ref" && printf '%s\n' "$@"; } | DOCKER_BUILDKIT=0 docker build --quiet -t "$ref" - >/dev/null
  fi
  echo "$ref"
}

# The Dockerfile lines of kind's base image: systemd is PID 1 and stops on SIGRTMIN+3.
base=$(rootfs_image "cruddur.local/kind-node-base:$(basename "${dir[kind-node-base]}")" "${dir[kind-node-base]}/rootfs.tar" \
  'ENV container=docker' 'STOPSIGNAL SIGRTMIN+3' 'ENTRYPOINT ["/usr/local/bin/entrypoint", "/sbin/init"]')
iptables_base=$(rootfs_image "cruddur.local/debian-iptables:$(basename "${dir[debian-iptables]}")" "${dir[debian-iptables]}/rootfs.tar")

# 1-2: the build container (no systemd: containerd is started by hand to import images).
build=$(docker run -d --network none --entrypoint sleep --security-opt seccomp=unconfined "$base" infinity)
for binary in kubeadm kubelet kubectl; do
  [ "$binary" = kubeadm ] && from=${dir[kubeadm]} || from=${dir[kubernetes]}
  docker cp "$(readlink -f "$from/bin/$binary")" "$build:/usr/bin/$binary"
done
docker exec "$build" sh -c "echo $version >/kind/version && mkdir -p /kind/manifests"

# 3: the images, as `kubeadm config images list` names them.
declare -A ref
while read -r name; do
  component=${name##*/} && component=${component%%:*}
  ref[$component]=$name
done < <(docker exec "$build" kubeadm config images list --kubernetes-version "$version")
k8s=${dir[kubernetes]}/bin
images=(
  "$(image "${ref[kube-apiserver]}" scratch 0 "$k8s/kube-apiserver")"
  "$(image "${ref[kube-controller-manager]}" scratch 0 "$k8s/kube-controller-manager")"
  "$(image "${ref[kube-scheduler]}" scratch 0 "$k8s/kube-scheduler")"
  "$(image "${ref[kube-proxy]}" "$iptables_base" 0 "$k8s/kube-proxy")"
  "$(image "${ref[etcd]}" scratch 0 "${dir[etcd]}/bin/etcd")"
  # CoreDNS as the project builds it (scripts/coredns); scripts/kind-up.sh gives it its
  # Corefile, since kubeadm's names plugins that build leaves out (forward, for one).
  "$(image "${ref[coredns]}" scratch 65532 "${dir[coredns]}/bin/coredns")"
  "$(image "${ref[pause]}" scratch 65535 "${dir[pause]}/bin/pause")"
  "$(image "cruddur.local/cni-routes:$key" "$iptables_base" 0 "$repo/scripts/kind-node/cni-routes.sh" "$k8s/kubectl")"
)
sed "s|__CNI_IMAGE__|cruddur.local/cni-routes:$key|" "$repo/scripts/kind-node/cni.yaml" |
  docker exec -i "$build" cp /dev/stdin /kind/manifests/default-cni.yaml
docker exec "$build" sed -i "s|sandbox_image = .*|sandbox_image = \"${ref[pause]}\"|" /etc/containerd/config.toml
docker exec "$build" sh -c 'nohup containerd >/dev/null 2>&1 & for _ in $(seq 1 30); do ctr version >/dev/null 2>&1 && exit; sleep 1; done; exit 1'
for image in "${images[@]}"; do
  docker save "$image" | docker exec -i "$build" ctr -n k8s.io images import --label io.cri-containerd.pinned=pinned --no-unpack -
done
docker exec "$build" ctr -n k8s.io images list -q >&2
docker exec "$build" pkill containerd

# 4
docker commit --change 'ENTRYPOINT ["/usr/local/bin/entrypoint", "/sbin/init"]' "$build" "$node_image" >/dev/null
# Earlier node images (about 1 GB each) go, unless a cluster's nodes still run one.
docker images --format '{{.Repository}}:{{.Tag}}' "${node_image%:*}" | grep -vxF "$node_image" |
  xargs -r docker rmi >/dev/null 2>&1 || true
echo "$node_image"
