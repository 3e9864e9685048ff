#!/usr/bin/env bash
# Builds the container images with podman, from the fully static binaries, and
# saves each as an OCI archive (`./dev image` runs this).
#
#   deploy/image/build.sh [--tag TAG] [--out DIR] [--install-podman] [--fast]
#                         [--only gateway|emulator]
#
#   --tag TAG          image tag (default: dev, what overlays/dev deploys)
#   --out DIR          where the archives go (default: dist/images)
#   --install-podman   apt-get install podman when it is missing (Debian 12);
#                      without it a missing podman skips the build, exit 0
#   --fast             use the default (fastbuild) Bazel outputs instead of
#                      -c opt; for tests of the recipe, not for shipping
#   --only NAME        build just one of the two images
#
# Produces localhost/msp-gateway:TAG and localhost/msp-emulator:TAG in podman's
# store and DIR/msp-gateway-TAG.oci.tar, DIR/msp-emulator-TAG.oci.tar. Load one
# into a local cluster with e.g. `kind load image-archive FILE` or
# `minikube image load FILE`, or push: `podman push localhost/msp-gateway:TAG
# docker://REGISTRY/msp-gateway:TAG`.
#
# Only FROM-scratch + COPY recipes are used, so nothing has to run inside a
# container while building (which podman cannot do on every machine).
set -euo pipefail
cd "$(dirname "$0")/../.."

tag=dev
out=dist/images
install_podman=false
fast=false
only=""
while [ $# -gt 0 ]; do
  case "$1" in
    --tag) tag=$2; shift 2 ;;
    --tag=*) tag=${1#*=}; shift ;;
    --out) out=$2; shift 2 ;;
    --out=*) out=${1#*=}; shift ;;
    --install-podman) install_podman=true; shift ;;
    --fast) fast=true; shift ;;
    --only) only=$2; shift 2 ;;
    --only=*) only=${1#*=}; shift ;;
    -h|--help) sed -n '2,24p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "build.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done
case "$only" in ""|gateway|emulator) ;; *) echo "build.sh: --only gateway|emulator" >&2; exit 2 ;; esac
if ! [[ "$tag" =~ ^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$ ]]; then
  echo "build.sh: invalid tag '$tag'" >&2
  exit 2
fi

log() { echo "[image] $*" >&2; }

if ! command -v podman >/dev/null 2>&1; then
  if ! $install_podman; then
    echo "podman not installed: skipped (./dev image installs it; or: apt-get install podman)"
    exit 0
  fi
  log "installing podman (apt)"
  as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends podman >/dev/null
fi

ca_bundle=/etc/ssl/certs/ca-certificates.crt
if [ ! -s "$ca_bundle" ]; then
  echo "build.sh: $ca_bundle is missing (Debian package ca-certificates, in tools/apt-packages.txt)" >&2
  exit 1
fi

targets=()
[ "$only" != emulator ] && targets+=(//deploy/image:msp_gateway_server_static)
[ "$only" != gateway ] && targets+=(//deploy/image:msp_emulator_static)
bazel_flags=()
$fast || bazel_flags=(-c opt)
log "bazel build ${bazel_flags[*]} ${targets[*]}"
bazel build "${bazel_flags[@]}" "${targets[@]}"
bin=$(bazel info "${bazel_flags[@]}" bazel-bin 2>/dev/null)

revision=$(git rev-parse --short=12 HEAD 2>/dev/null || echo unknown)
mkdir -p "$out"
stage=$(mktemp -d "${TMPDIR:-/tmp}/msp-image.XXXXXX")
trap 'rm -rf "$stage"' EXIT

# build_one <image name> <Containerfile> <staged binary name> <bazel output> [extra files...]
build_one() {
  local name=$1 containerfile=$2 binary=$3 built=$4
  local ctx="$stage/$name"
  mkdir -p "$ctx"
  cp -R deploy/image/rootfs "$ctx/rootfs"
  chmod 0644 "$ctx"/rootfs/etc/*
  if [ "$name" = msp-gateway ]; then
    # The default --data_dir, /var/lib/msp-gateway (the SQLite order store
    # when MSP_GATEWAY_STORE is unset): data/msp-gateway goes in owned by the
    # image's user (COPY --chown), /var/lib by root. Git keeps no empty
    # directories, so both are made here.
    mkdir -p "$ctx/rootfs/var/lib" "$ctx/data/msp-gateway"
    chmod 0755 "$ctx/rootfs/var" "$ctx/rootfs/var/lib"
    chmod 0700 "$ctx/data/msp-gateway"
  fi
  # Symbols are not needed in the image (no debugger there); ~20% smaller.
  strip -o "$ctx/$binary" "$bin/$built"
  chmod 0755 "$ctx/$binary"
  cp "$ca_bundle" "$ctx/ca-certificates.crt"
  chmod 0644 "$ctx/ca-certificates.crt"
  local image="localhost/$name:$tag"
  log "podman build $image"
  # --timestamp 0: same inputs, same image digest (shown as created in 1970).
  # --layers=false: no cached intermediate images piling up in the store.
  podman build --quiet --layers=false --timestamp 0 --format oci \
    --build-arg "VERSION=$tag" --label "org.opencontainers.image.revision=$revision" \
    -f "deploy/image/$containerfile" -t "$image" "$ctx" >/dev/null
  local archive="$out/$name-$tag.oci.tar"
  rm -f "$archive"
  podman save --quiet --format oci-archive -o "$archive" "$image"
  local size
  size=$(podman image inspect --format '{{.Size}}' "$image")
  log "$image: $((size / 1024 / 1024)) MiB ($size bytes) -> $archive"
  echo "$archive"
}

[ "$only" != emulator ] && build_one msp-gateway Containerfile msp_gateway_server deploy/image/msp_gateway_server_static
[ "$only" != gateway ] && build_one msp-emulator Containerfile.emulator msp_emulator deploy/image/msp_emulator_static
exit 0
