#!/usr/bin/env bash
# Make sure Debian's nginx is installed for make deploy-check (it runs nginx with the site of
# deploy/nginx-pilkada.conf on scratch ports). Installs it with apt-get when running as root.
# Exit 0 when /usr/sbin/nginx exists.
set -u
[ -x /usr/sbin/nginx ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "Installing nginx (Debian package) for the deploy check"
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx) >/dev/null 2>&1
fi
[ -x /usr/sbin/nginx ]
