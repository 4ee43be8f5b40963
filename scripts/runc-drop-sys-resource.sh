#!/usr/bin/env bash
# An OCI runtime for dockerd on CI hosts whose root lacks CAP_SYS_RESOURCE (this machine's
# capability bounding set has every capability but that one). `--privileged`, which kind
# uses for its nodes, asks runc for every capability, so runc fails with "unable to apply
# caps". This removes that one capability from the container's spec (the bundle's
# config.json) and from the process file of `runc exec`, then runs runc unchanged.
# Register it as dockerd's default runtime ("runtimes" and "default-runtime" in the daemon's
# config). Laptops do not need it: there root has every capability.
set -euo pipefail

drop() { # drop <json file> <jq path of the capabilities object>
  local tmp
  tmp=$(mktemp "$1.XXXXXX")
  jq "$2 |= (if . then map_values(map(select(. != \"CAP_SYS_RESOURCE\"))) else . end)" "$1" >"$tmp"
  mv "$tmp" "$1"
}

args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
  case ${args[i]} in
    --bundle | -b) drop "${args[i + 1]}/config.json" .process.capabilities ;;
    --bundle=*) drop "${args[i]#--bundle=}/config.json" .process.capabilities ;;
    --process | -p) drop "${args[i + 1]}" .capabilities ;;
    --process=*) drop "${args[i]#--process=}" .capabilities ;;
  esac
done
exec /usr/sbin/runc "$@"
