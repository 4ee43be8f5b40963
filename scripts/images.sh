#!/usr/bin/env bash
# Builds the chart's images on this machine and pushes them to the local cluster's registry
# (scripts/kind-up.sh starts it on localhost:5001). Nothing is pulled from anywhere: the
# API image is service/Dockerfile's production target on a Node 24 base made here
# (scripts/tools.d/node-base.sh), the Collector and X-Ray daemon images are FROM scratch
# around the binaries scripts/tools.sh builds. Prints `helm --set` arguments for them.
#
#   scripts/images.sh            all three (each skipped when its tag is already pushed)
#   scripts/images.sh node-base  only import the Node base; prints its tag (Tilt's NODE_IMAGE)
#   scripts/images.sh values     the same images as a values file (Tilt's CRUDDUR_VALUES)
#   scripts/images.sh api-tag    only the API image's tag, building nothing
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=scripts/tools-dir.sh
. "$repo/scripts/tools-dir.sh"
export REGISTRY=${REGISTRY:-localhost:5001}

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

# The Node base, imported into Docker from the cached root filesystem.
node_base() {
  local out tag
  out=$("$repo/scripts/tools.sh" node-base)
  tag=cruddur/node:$(basename "$out")
  if ! docker image inspect "$tag" >/dev/null 2>&1; then
    # npm inside builds trusts this machine's CA bundle (downloads pass a TLS proxy here).
    docker import --change 'ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt' \
      --change 'CMD ["node"]' "$out/rootfs.tar" "$tag" >/dev/null
  fi
  echo "$tag"
}

# The API image's tag: a hash of the files that go into it as they are in the working tree
# (edited, staged or not, and new files too), so that every edit deploys a new image.
api_tag() {
  cd "$repo" && git ls-files -z --cached --others --exclude-standard -- service/Dockerfile \
    service/src package.json package-lock.json tsconfig.json tsconfig.build.json \
    scripts/check-node.js | sort -zu | while IFS= read -r -d '' file; do
    # A tracked file deleted in the working tree is not in the image.
    if [ -f "$file" ]; then printf '%s %s\n' "$(sha256sum <"$file" | cut -c1-64)" "$file"; fi
  done | sha256sum | cut -c1-12
}

# The API image, tagged by api_tag.
api_image() {
  local tag ref
  tag=$(api_tag)
  ref=$REGISTRY/cruddur-backend:$tag
  DOCKER_BUILDKIT=0 docker build --quiet --network host -f "$repo/service/Dockerfile" \
    --build-arg "NODE_IMAGE=$(node_base)" --build-arg "CODE_VERSION=$tag" -t "$ref" "$repo" >/dev/null
  docker push --quiet "$ref" >/dev/null
  echo "$ref"
}

if [ "${1:-}" = node-base ]; then
  node_base
  exit
fi
if [ "${1:-}" = api-tag ]; then
  api_tag
  exit
fi
otelcol=$("$repo/scripts/tools.sh" otelcol)
xray=$("$repo/scripts/tools.sh" xray)
collector_ref=$(image_from_binary otelcol-cruddur "$(basename "$otelcol")" "$otelcol/bin/otelcol-cruddur" 10001:10001)
xray_ref=$(image_from_binary xray-daemon "$(basename "$xray")" "$xray/bin/xray" 1000:1000)
api_ref=$(api_image)
if [ "${1:-}" = values ]; then
  for pair in "image:$api_ref" "collector:$collector_ref" "xrayDaemon:$xray_ref"; do
    key=${pair%%:*} ref=${pair#*:}
    if [ "$key" = image ]; then
      printf 'image: { repository: %s, tag: "%s" }\n' "${ref%:*}" "${ref##*:}"
    else
      printf '%s: { image: { repository: %s, tag: "%s" } }\n' "$key" "${ref%:*}" "${ref##*:}"
    fi
  done
  exit
fi
for pair in "image:$api_ref" "collector.image:$collector_ref" "xrayDaemon.image:$xray_ref"; do
  key=${pair%%:*} ref=${pair#*:}
  printf -- '--set %s.repository=%s --set %s.tag=%s\n' "$key" "${ref%:*}" "$key" "${ref##*:}"
done
