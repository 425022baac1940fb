#!/usr/bin/env bash
# Source this (`source scripts/ensure-node.sh`): makes the pinned Node.js LTS the `node` on PATH.
#
# Jaga runs on Node.js 24 LTS (Node 20 reached its end of life on 2026-04-30). When the machine's
# `node` is older, the pinned build is fetched once from the npm registry (the `node-linux-<arch>`
# package: the official binary with its C headers), checked against the SHA-512 below, and kept in
# .runtime/. Its headers are what node-gyp compiles better-sqlite3 and ssh2's binding against, so
# nothing is fetched from nodejs.org. Set JAGA_NODE=system to use the machine's node regardless
# (it must still be 24 or later).
JAGA_NODE_VERSION=24.22.3
JAGA_NODE_MIN_MAJOR=24

_jaga_node_fail() { echo "ensure-node: $*" >&2; return 1; }

_jaga_ensure_node() {
  local root major arch pkg integrity dir tarball got
  root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
  major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
  if [[ ${JAGA_NODE:-} == system ]]; then
    ((major >= JAGA_NODE_MIN_MAJOR)) || _jaga_node_fail "JAGA_NODE=system but node is $(node -v 2>/dev/null || echo missing); Jaga needs Node.js ${JAGA_NODE_MIN_MAJOR} or later" || return 1
    return 0
  fi
  case "$(uname -m)" in
    x86_64) arch=x64; integrity='sha512-KHsob+Fv9YerATvYujMbiyJqnRCvLtrcr/eTNqRqiOSGp97EOiRP1yP47+knGgQ/xnc3XY8xzkW587dlZzNqRA==' ;;
    aarch64 | arm64) arch=arm64; integrity='sha512-IZx0J52/1NDwAsY2iyWR9nlPIYuYviTWetjj8+ElvYQh2+XRhLfCfkbFEF/2O5vGI2hcUbyPNHV+nz342FbJXw==' ;;
    *)
      ((major >= JAGA_NODE_MIN_MAJOR)) && return 0
      _jaga_node_fail "no pinned Node.js build for $(uname -m); install Node.js ${JAGA_NODE_MIN_MAJOR} or later" || return 1 ;;
  esac
  dir="$root/.runtime/node-v$JAGA_NODE_VERSION-linux-$arch"
  if [[ ! -x $dir/bin/node ]]; then
    if ((major >= JAGA_NODE_MIN_MAJOR)) && [[ -d /usr/include/node || -d "$(dirname "$(dirname "$(command -v node)")")/include/node" ]]; then
      return 0 # a supported node with headers is already here
    fi
    command -v npm >/dev/null 2>&1 || _jaga_node_fail "npm is needed once to fetch Node.js $JAGA_NODE_VERSION" || return 1
    pkg="node-linux-$arch@$JAGA_NODE_VERSION"
    echo "== fetching Node.js $JAGA_NODE_VERSION ($pkg) into .runtime/"
    mkdir -p "$root/.runtime/download"
    tarball=$(cd "$root/.runtime/download" && npm pack --silent "$pkg" 2>/dev/null | tail -n 1) ||
      _jaga_node_fail "could not fetch $pkg from the npm registry" || return 1
    tarball="$root/.runtime/download/$tarball"
    got="sha512-$(openssl dgst -sha512 -binary "$tarball" | base64 -w0)"
    if [[ $got != "$integrity" ]]; then
      rm -f "$tarball"
      _jaga_node_fail "$pkg does not match its pinned SHA-512; refusing to use it" || return 1
    fi
    rm -rf "$dir.partial" && mkdir -p "$dir.partial"
    tar -xzf "$tarball" -C "$dir.partial" --strip-components=1 || _jaga_node_fail "could not unpack $tarball" || return 1
    rm -f "$tarball"
    mv "$dir.partial" "$dir"
  fi
  export PATH="$dir/bin:$PATH"
  # node-gyp compiles native modules against these headers instead of downloading them.
  export npm_config_nodedir="$dir"
}

_jaga_ensure_node || { return 1 2>/dev/null || exit 1; }
unset -f _jaga_ensure_node _jaga_node_fail
