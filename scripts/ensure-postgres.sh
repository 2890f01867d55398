#!/usr/bin/env bash
# Make sure a PostgreSQL server answers on 127.0.0.1:5432; start (or, as root, install) it if not.
# Exit 0 when it answers, 1 otherwise.
set -u
answers() { python3 - <<'PY' 2>/dev/null
import socket, sys
s = socket.socket(); s.settimeout(2)
try:
    s.connect(("127.0.0.1", 5432)); sys.exit(0)
except OSError:
    sys.exit(1)
PY
}
answers && exit 0
if ! ls /etc/postgresql/*/main >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "PostgreSQL is not installed: installing it with apt-get"
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql) >/dev/null 2>&1 || true
  fi
fi
for dir in /etc/postgresql/*/; do
  [ -d "$dir" ] || continue
  version=$(basename "$dir")
  echo "Starting PostgreSQL $version"
  if [ "$(id -u)" = 0 ]; then
    pg_ctlcluster --skip-systemctl-redirect "$version" main start 2>/dev/null || pg_ctlcluster "$version" main start 2>/dev/null || true
  else
    pg_ctlcluster "$version" main start 2>/dev/null || true
  fi
done
for _ in $(seq 1 20); do answers && exit 0; sleep 0.5; done
exit 1
