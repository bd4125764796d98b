#!/usr/bin/env bash
# The adoption test (e2e/adoption/run.mjs): packs every package, checks the CLI tarball with npx in an
# empty folder, and installs Meshport into stock @backstage/create-app apps (new frontend system and
# legacy) by the README's install guide. ADOPTION_APPS=next|legacy|none and ADOPTION_REUSE=1 make
# quicker local runs (see the README, "The adoption test").
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh"
cd "$MESHPORT_ROOT"
node --test e2e/adoption/guide.test.mjs
exec node e2e/adoption/run.mjs "$@"
