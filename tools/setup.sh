#!/usr/bin/env bash
# Idempotent set-up for a Debian 12 machine: installs exactly the apt packages
# in tools/apt-packages.txt that are missing, and the npm tools pinned in
# package-lock.json. Quick (well under a second) when everything is there.
set -euo pipefail
cd "$(dirname "$0")/.."

log() { echo "[setup] $*" >&2; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

mapfile -t packages < <(grep -Ev '^\s*(#|$)' tools/apt-packages.txt)
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  packages+=(nodejs npm)
fi

missing=()
for p in "${packages[@]}"; do
  if [ "$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null)" != "install ok installed" ]; then
    missing+=("$p")
  fi
done
if [ ${#missing[@]} -gt 0 ]; then
  log "installing ${missing[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# npm tools (buf, the Node gRPC client): reinstall when the lock file changed.
stamp=node_modules/.setup-stamp
if [ ! -f "$stamp" ] || [ package-lock.json -nt "$stamp" ]; then
  log "installing npm tools from package-lock.json"
  npm ci --no-audit --no-fund --loglevel=error >/dev/null
  touch "$stamp"
fi
