#!/usr/bin/env bash
# Install what building and testing coalition needs on Debian 12 (bookworm).
# Idempotent: packages already installed are left alone, `apt-get update` runs
# only when something has to be installed, and buf is fetched from the npm
# registry only when it is not already under .tools/ or on PATH.
#
#   scripts/install-deps.sh           build + test dependencies (what `make deps` runs)
#   BUF_VERSION=1.75.0 scripts/install-deps.sh   pin another buf release
#
# Uses sudo when not run as root. Works with no stdin (CI).
set -euo pipefail

root_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
tools_dir="$root_dir/.tools"
BUF_VERSION=${BUF_VERSION:-1.75.0}

log() { printf 'install-deps: %s\n' "$*"; }

# Build: compiler, CMake, and the -dev packages CMakeLists.txt finds with pkg-config.
build_pkgs=(build-essential cmake pkg-config
  libnng-dev nng-utils
  libprotobuf-c-dev protobuf-c-compiler protobuf-compiler
  libicu-dev libjson-c-dev libstemmer-dev libcmocka-dev)
# Tests: `docker-compose config` (no engine needed), the Python protobuf runtime
# for the second, independent client.
test_pkgs=(docker-compose python3-protobuf)

installed() {
  [ "$(dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null || true)" = installed ]
}

as_root() {
  if [ "$(id -u)" -eq 0 ]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    # with no terminal (CI) sudo must not wait for a password
    if [ -t 0 ]; then sudo "$@"; else sudo -n "$@"; fi
  else
    log "need root to run: $*  (no sudo found)" >&2
    exit 1
  fi
}

command -v dpkg-query >/dev/null 2>&1 || { log "dpkg-query not found: this script is for Debian 12" >&2; exit 1; }

missing=()
for p in "${build_pkgs[@]}" "${test_pkgs[@]}"; do
  installed "$p" || missing+=("$p")
done
# npm (for buf): use whatever npm is already there (e.g. Node.js's own); only
# without one install Debian's npm, which brings Debian's nodejs with it.
if ! command -v npm >/dev/null 2>&1; then
  missing+=(npm)
fi

if [ ${#missing[@]} -gt 0 ]; then
  log "installing: ${missing[*]}"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    -o Dpkg::Use-Pty=0 "${missing[@]}"
else
  log "Debian packages: all present"
fi

# buf: the npm package ships the prebuilt binary (in @bufbuild/buf-linux-<arch>).
buf_bin="$tools_dir/node_modules/.bin/buf"
mkdir -p "$tools_dir"
# Keep everything under .tools/ out of git without touching the top .gitignore.
[ -f "$tools_dir/.gitignore" ] || printf '# made by scripts/install-deps.sh\n*\n' >"$tools_dir/.gitignore"
if [ -x "$buf_bin" ] && "$buf_bin" --version >/dev/null 2>&1; then
  log "buf: $("$buf_bin" --version) (.tools)"
elif command -v buf >/dev/null 2>&1 && buf --version >/dev/null 2>&1; then
  log "buf: $(buf --version) ($(command -v buf))"
else
  log "installing buf $BUF_VERSION with npm into .tools/"
  npm install --no-save --no-audit --no-fund --no-update-notifier --loglevel=error \
    --prefix "$tools_dir" "@bufbuild/buf@$BUF_VERSION"
  "$buf_bin" --version >/dev/null || { log "buf did not install" >&2; exit 1; }
  log "buf: $("$buf_bin" --version) (.tools)"
fi
