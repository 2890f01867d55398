#!/usr/bin/env bash
# Make sure axe-core (npm, pinned in tests/a11y/package-lock.json) is installed for the
# accessibility checks in tests/e2e. Installs nodejs/npm from Debian when missing and running as
# root. Exit 0 when tests/a11y/node_modules/axe-core/axe.min.js exists.
set -u
cd "$(dirname "$0")/../tests/a11y" || exit 1
[ -f node_modules/axe-core/axe.min.js ] && exit 0
if ! command -v npm >/dev/null && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "Installing nodejs and npm (Debian packages) for the accessibility checks"
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm) >/dev/null 2>&1
fi
command -v npm >/dev/null && npm ci --no-audit --no-fund --silent >/dev/null 2>&1
[ -f node_modules/axe-core/axe.min.js ]
