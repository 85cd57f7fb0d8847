#!/usr/bin/env bash
# Installs what the build and the tests need on Debian 12, skipping what is already there.
# Usage: scripts/install-deps.sh [--browser]
set -euo pipefail
cd "$(dirname "$0")/.."
need=()
have() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }
pkgs=(clang-14 lld-14 llvm-14 g++ cmake ninja-build make libgtest-dev wasi-libc libc++-14-dev-wasm32
      libc++abi-14-dev-wasm32 libclang-rt-14-dev-wasm32 binaryen wabt python3 ca-certificates gzip)
if [ "${1:-}" = "--browser" ]; then pkgs+=(chromium); fi
for p in "${pkgs[@]}"; do have "$p" || need+=("$p"); done
# Node may come from elsewhere (nodesource bundles npm and conflicts with Debian's npm): check commands.
command -v node >/dev/null || need+=(nodejs)
command -v npm >/dev/null || need+=(npm)
if [ ${#need[@]} -gt 0 ]; then
  echo "installing: ${need[*]}"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
# The npm dev dependencies (TypeScript, esbuild, Vite, playwright-core, and the
# benchmark anchors rose and TF.js), pinned by package-lock.json.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "installing npm dev dependencies"
  # Not `npm ci`: npm 11 writes only this platform's optional rollup binary into the
  # lock and then `npm ci` rejects its own lock as out of sync. `npm install` on this
  # lock installs the pinned versions and leaves the lock unchanged.
  npm install --no-audit --no-fund --loglevel=error
fi
