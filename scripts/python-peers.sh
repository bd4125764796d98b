#!/usr/bin/env bash
# Installs the Python test peers (implementations nobody on this project wrote: moto, datacontract-cli,
# dataproduct-cli, dbt + OpenLineage) from PyPI into git-ignored virtualenvs under .tools/venv/<group>,
# one per requirements file in scripts/python/, so that their dependencies never conflict.
# A group is reinstalled only when its requirements file changed: a warm run costs nothing.
#   scripts/python-peers.sh            # every group
#   scripts/python-peers.sh aws        # one group
# Prints nothing on stdout; the tests find each tool at .tools/venv/<group>/bin/<tool>.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
log() { printf '[meshport] %s\n' "$*" >&2; }
PYTHON="${MESHPORT_PYTHON:-$(command -v python3 || true)}"
[ -n "$PYTHON" ] || { log "python3 (3.10 or newer) is needed for the test peers"; exit 1; }
groups=("$@")
if [ ${#groups[@]} -eq 0 ]; then
  for f in "$ROOT"/scripts/python/*.txt; do groups+=("$(basename "$f" .txt)"); done
fi
for group in "${groups[@]}"; do
  req="$ROOT/scripts/python/$group.txt"
  [ -f "$req" ] || { log "no requirements file for Python group '$group'"; exit 1; }
  venv="$ROOT/.tools/venv/$group"
  want="$(sha1sum "$req" | cut -d' ' -f1)"
  if [ "$(cat "$venv/.stamp" 2>/dev/null)" = "$want" ]; then continue; fi
  log "installing the Python test peers '$group' into .tools/venv/$group"
  start=$(date +%s)
  rm -rf "$venv"
  if ! "$PYTHON" -m venv "$venv" >&2 2>/dev/null; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends python3-venv >/dev/null
      "$PYTHON" -m venv "$venv" >&2
    else
      log "python3 -m venv failed: install python3-venv"; exit 1
    fi
  fi
  "$venv/bin/pip" install --quiet --disable-pip-version-check --no-input -r "$req" >&2
  echo "$want" > "$venv/.stamp"
  log "Python group '$group' installed in $(( $(date +%s) - start ))s"
done
