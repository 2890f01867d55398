#!/usr/bin/env bash
# Make sure Debian's chromium is installed for the browser tests (Playwright drives it; no browser
# is downloaded). Installs it with apt-get when running as root. Exit 0 when /usr/bin/chromium exists.
set -u
[ -x /usr/bin/chromium ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "Installing chromium (Debian package) for the browser tests"
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core) >/dev/null 2>&1
fi
[ -x /usr/bin/chromium ]
