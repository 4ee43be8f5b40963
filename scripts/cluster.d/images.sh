# shellcheck shell=bash
# Images for the local cluster, built here and pushed to its registry (no image is pulled
# from anywhere): `image_from_binary` wraps one static binary in a FROM scratch image.
# Sourced by scripts/cluster.sh and scripts/images.sh, which set REGISTRY.

# image_from_binary <name> <tag> <binary> [<user>]: pushes $REGISTRY/<name>:<tag> unless there.
image_from_binary() {
  local name=$1 tag=$2 binary=$3 user=${4:-65532:65532} ref context
  ref=$REGISTRY/$name:$tag
  if curl -fs -o /dev/null "http://$REGISTRY/v2/$name/manifests/$tag" \
    -H 'Accept: application/vnd.docker.distribution.manifest.v2+json'; then
    echo "$ref"
    return
  fi
  context=$(mktemp -d)
  cp "$(readlink -f "$binary")" "$context/$name"
  cp /etc/ssl/certs/ca-certificates.crt "$context/"
  printf 'FROM scratch\nCOPY ca-certificates.crt /etc/ssl/certs/ca-certificates.crt\nCOPY %s /%s\nUSER %s\nENTRYPOINT ["/%s"]\n' \
    "$name" "$name" "$user" "$name" >"$context/Dockerfile"
  # The classic builder needs no BuildKit plugin; the engine has no bridge network.
  DOCKER_BUILDKIT=0 docker build --quiet --network host -t "$ref" "$context" >/dev/null
  rm -rf "$context"
  docker push --quiet "$ref" >/dev/null
  echo "$ref"
}
