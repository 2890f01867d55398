#!/usr/bin/env bash
# Install or update pilkada on one Debian 12 server: exactly the steps of docs/deploy.md.
# Safe to run again (idempotent): it never regenerates a secret that is already set.
#
#   sudo deploy/install.sh --host pilkada.kpu-lampungtimur.go.id
#
# Options (defaults in brackets):
#   --host NAME          the site's host name [hostname -f]
#   --prefix DIR         where the code is checked out [/opt/pilkada]
#   --source URL|DIR     git repository to check out [the repository holding this script]
#   --ref REF            commit, tag or branch to check out [the source's HEAD]
#   --copy               copy the source's working tree instead of a git checkout
#   --port N             gunicorn's port on 127.0.0.1 [8000]
#   --workers N          gunicorn workers [4]
#   --database-url URL   use this database instead of creating role and database "pilkada"
#   --no-apt             do not install Debian packages (they must be there already)
#   --no-user            do not create the system user; run everything as the calling user
#   --root DIR           install every path under DIR (/opt, /etc, /var/lib, /run): a trial run
#   --start              where systemd is not running: start the unit's ExecStart in the background
#   --stop               stop a service started with --start, then exit
# Environment: PYTHON [python3.11].
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
HOST=$(hostname -f 2>/dev/null || hostname)
PREFIX=/opt/pilkada
SOURCE=$HERE
REF=""
COPY=0
PORT=8000
WORKERS=4
DATABASE_URL_ARG=""
APT=1
MAKE_USER=1
ROOT=""
START=0
STOP=0
PYTHON=${PYTHON:-python3.11}
APP_USER=pilkada

while [ $# -gt 0 ]; do
  case "$1" in
    --host) HOST=$2; shift 2 ;;
    --prefix) PREFIX=$2; shift 2 ;;
    --source) SOURCE=$2; shift 2 ;;
    --ref) REF=$2; shift 2 ;;
    --copy) COPY=1; shift ;;
    --port) PORT=$2; shift 2 ;;
    --workers) WORKERS=$2; shift 2 ;;
    --database-url) DATABASE_URL_ARG=$2; shift 2 ;;
    --no-apt) APT=0; shift ;;
    --no-user) MAKE_USER=0; shift ;;
    --root) ROOT=$(mkdir -p "$2" && cd "$2" && pwd); shift 2 ;;
    --start) START=1; shift ;;
    --stop) STOP=1; shift ;;
    -h|--help) sed -n '2,24p' "$0"; exit 0 ;;
    *) echo "install.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done

APP_DIR=$ROOT$PREFIX
ETC_DIR=$ROOT/etc/pilkada
ENV_FILE=$ETC_DIR/pilkada.env
VAR_DIR=$ROOT/var/lib/pilkada
RUN_DIR=$ROOT/run/pilkada
SYSTEMD_DIR=$ROOT/etc/systemd/system
NGINX_DIR=$ROOT/etc/nginx
SSL_DIR=$ROOT/etc/ssl/pilkada
PIDFILE=$RUN_DIR/gunicorn.pid
step() { echo "== $*"; }
systemd_running() { [ -z "$ROOT" ] && [ -d /run/systemd/system ]; }

stop_started() {
  if [ -f "$PIDFILE" ]; then
    local pid
    pid=$(cat "$PIDFILE")
    if kill -0 "$pid" 2>/dev/null; then
      kill -TERM "$pid"
      for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    fi
    rm -f "$PIDFILE"
  fi
}
if [ "$STOP" = 1 ]; then stop_started; exit 0; fi

if [ "$(id -u)" != 0 ] && { [ "$APT" = 1 ] || [ "$MAKE_USER" = 1 ]; }; then
  echo "install.sh: run as root (or with --no-apt --no-user for a trial run)" >&2
  exit 1
fi
as_app() { if [ "$MAKE_USER" = 1 ]; then runuser -u "$APP_USER" -- "$@"; else "$@"; fi; }

# 1. Packages and user
if [ "$APT" = 1 ]; then
  step "Debian packages"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
    python3.11 python3.11-venv postgresql redis-server nginx git make openssl rsync
fi
if [ "$MAKE_USER" = 1 ] && ! id "$APP_USER" >/dev/null 2>&1; then
  step "system user $APP_USER"
  adduser --system --group --home "$APP_DIR" --no-create-home "$APP_USER"
fi
mkdir -p "$ETC_DIR" "$VAR_DIR" "$RUN_DIR" "$(dirname "$APP_DIR")"
if [ "$MAKE_USER" = 1 ]; then chown "$APP_USER:" "$VAR_DIR" "$RUN_DIR"; fi

# 2. Code
if [ "$COPY" = 1 ]; then
  step "copy $SOURCE to $APP_DIR"
  mkdir -p "$APP_DIR"
  # Tracked and new (not ignored) files as they are in the working tree.
  (cd "$SOURCE" && git ls-files -z --cached --others --exclude-standard) |
    rsync -a --from0 --files-from=- --ignore-missing-args "$SOURCE/" "$APP_DIR/"
else
  if [ -d "$APP_DIR/.git" ]; then
    step "update the checkout in $APP_DIR"
    # The checkout belongs to the service user; root may update it.
    git -c safe.directory="$APP_DIR" -C "$APP_DIR" fetch --quiet --tags "$SOURCE" "${REF:-HEAD}"
    git -c safe.directory="$APP_DIR" -C "$APP_DIR" checkout --quiet --force FETCH_HEAD
  else
    step "check out $SOURCE into $APP_DIR"
    git clone --quiet "$SOURCE" "$APP_DIR"
    if [ -n "$REF" ]; then git -C "$APP_DIR" checkout --quiet --force "$REF"; fi
  fi
fi
if [ "$MAKE_USER" = 1 ]; then chown -R "$APP_USER:" "$APP_DIR"; fi

# 3. Virtual environment with the pinned dependencies (the Makefile's own target)
step "virtualenv and pinned requirements"
as_app make --no-print-directory -C "$APP_DIR" .venv/.base PYTHON="$PYTHON"

# 4. Settings: /etc/pilkada/pilkada.env from .env.example, secrets generated once
py() { "$APP_DIR/.venv/bin/python" -c "$1"; }
fresh=0
if [ ! -f "$ENV_FILE" ]; then
  step "settings $ENV_FILE (new, with generated secrets)"
  cp "$APP_DIR/.env.example" "$ENV_FILE"
  fresh=1
else
  step "settings $ENV_FILE (kept; only empty values are filled)"
fi
chmod 640 "$ENV_FILE"
if [ "$MAKE_USER" = 1 ]; then chgrp "$APP_USER" "$ENV_FILE"; fi
current() { sed -n "s/^$1=//p" "$ENV_FILE" | tail -n 1; }
# set_var NAME VALUE: write NAME=VALUE when the file is new or the value is empty or missing.
set_var() {
  if [ "$fresh" = 1 ] || [ -z "$(current "$1")" ]; then
    if grep -q "^$1=" "$ENV_FILE"; then
      local tmp
      tmp=$(mktemp "$ETC_DIR/.env.XXXXXX")
      awk -v k="$1" -v v="$2" 'index($0, k "=") == 1 { print k "=" v; next } { print }' \
        "$ENV_FILE" > "$tmp"
      cat "$tmp" > "$ENV_FILE" && rm -f "$tmp"
    else
      echo "$1=$2" >> "$ENV_FILE"
    fi
  fi
}
if [ -z "$DATABASE_URL_ARG" ] && [ -n "$(current DATABASE_URL)" ] && [ "$fresh" = 0 ]; then
  DATABASE_URL_ARG=$(current DATABASE_URL)
fi
if [ -z "$DATABASE_URL_ARG" ]; then
  step "PostgreSQL role and database pilkada"
  db_password=$(py "import secrets; print(secrets.token_hex(24))")
  psql_pg() { runuser -u postgres -- psql -v ON_ERROR_STOP=1 -qtA "$@"; }
  if [ "$(psql_pg -c "SELECT 1 FROM pg_roles WHERE rolname = 'pilkada'")" = 1 ]; then
    psql_pg -c "ALTER ROLE pilkada WITH LOGIN PASSWORD '$db_password'"
  else
    psql_pg -c "CREATE ROLE pilkada WITH LOGIN PASSWORD '$db_password'"
  fi
  if [ "$(psql_pg -c "SELECT 1 FROM pg_database WHERE datname = 'pilkada'")" != 1 ]; then
    runuser -u postgres -- createdb --owner pilkada pilkada
  fi
  DATABASE_URL_ARG="postgres://pilkada:$db_password@127.0.0.1:5432/pilkada"
fi
set_var DJANGO_SETTINGS_MODULE config.settings.production
set_var DJANGO_SECRET_KEY "$(py 'import secrets; print(secrets.token_urlsafe(50))')"
set_var DJANGO_ALLOWED_HOSTS "$HOST,127.0.0.1,localhost"
set_var DJANGO_CSRF_TRUSTED_ORIGINS "https://$HOST"
set_var DATABASE_URL "$DATABASE_URL_ARG"
set_var REDIS_URL "redis://127.0.0.1:6379/0"
set_var PILKADA_VAR_DIR "$VAR_DIR"
set_var PILKADA_AUDIT_SIGNING_KEY "$(py 'import base64, os; print(base64.b64encode(os.urandom(32)).decode())')"
set_var PILKADA_NIK_KEY "$(py 'import base64, os; print(base64.urlsafe_b64encode(os.urandom(32)).decode())')"
set_var PILKADA_NIK_ENC_KEY "$(py 'import base64, os; print(base64.urlsafe_b64encode(os.urandom(32)).decode())')"
set_var PILKADA_METRICS_TOKEN "$(py 'import secrets; print(secrets.token_urlsafe(32))')"
set_var PROMETHEUS_MULTIPROC_DIR "$RUN_DIR/metrics"

# 5. Database schema, translations, static files, Django's deployment check
step "migrate, compilemessages, collectstatic, check --deploy"
with_env() { (set -a && . "$ENV_FILE" && set +a && cd "$APP_DIR" && as_app env "$@"); }
with_env .venv/bin/python scripts/compilemessages.py
with_env .venv/bin/pilkada migrate --noinput -v0
with_env .venv/bin/pilkada collectstatic --noinput -v0
with_env .venv/bin/pilkada check --deploy --fail-level WARNING

# 6. systemd units and the nginx site, with this installation's paths, port and host
render() {
  sed -e "s#/opt/pilkada#$APP_DIR#g" -e "s#/etc/pilkada#$ETC_DIR#g" \
      -e "s#/var/lib/pilkada#$VAR_DIR#g" -e "s#/etc/ssl/pilkada#$SSL_DIR#g" \
      -e "s#127.0.0.1:8000#127.0.0.1:$PORT#g" -e "s#--workers 4#--workers $WORKERS#g" \
      -e "s#pilkada.kpu-lampungtimur.go.id#$HOST#g" "$1" > "$2.tmp"
  mv "$2.tmp" "$2"
}
step "systemd units in $SYSTEMD_DIR, nginx site in $NGINX_DIR"
mkdir -p "$SYSTEMD_DIR" "$NGINX_DIR/sites-available" "$NGINX_DIR/sites-enabled" "$SSL_DIR"
for unit in pilkada.service pilkada-backup.service pilkada-backup.timer; do
  render "$APP_DIR/deploy/$unit" "$SYSTEMD_DIR/$unit"
done
render "$APP_DIR/deploy/nginx-pilkada.conf" "$NGINX_DIR/sites-available/pilkada"
ln -sfn ../sites-available/pilkada "$NGINX_DIR/sites-enabled/pilkada"
if [ ! -f "$SSL_DIR/fullchain.pem" ]; then
  echo "   no certificate in $SSL_DIR: a self-signed one for $HOST (replace it with a real one)"
  openssl req -x509 -newkey rsa:2048 -nodes -days 365 -subj "/CN=$HOST" \
    -keyout "$SSL_DIR/privkey.pem" -out "$SSL_DIR/fullchain.pem" 2>/dev/null
  chmod 600 "$SSL_DIR/privkey.pem"
fi

# 7. Start (or restart, so a re-run serves the new code)
if systemd_running; then
  step "systemctl: enable and (re)start pilkada and the backup timer; reload nginx"
  systemctl daemon-reload
  systemctl enable --quiet pilkada pilkada-backup.timer
  systemctl restart pilkada
  systemctl start pilkada-backup.timer
  nginx -t -q && systemctl reload nginx
elif [ "$START" = 1 ]; then
  step "systemd is not running: starting the unit's ExecStart directly"
  unit=$SYSTEMD_DIR/pilkada.service
  # The ExecStart line of the installed unit, with its continuation lines, as systemd reads it.
  exec_start=$(awk '/^ExecStart=/ { on = 1; sub(/^ExecStart=/, "") }
    on { line = $0; more = sub(/\\$/, "", line); printf "%s ", line; if (!more) exit }' "$unit")
  workdir=$(sed -n 's/^WorkingDirectory=//p' "$unit")
  envfile=$(sed -n 's/^EnvironmentFile=//p' "$unit")
  stop_started
  mkdir -p "$RUN_DIR"
  # shellcheck disable=SC2086  # the command line is split into words, as systemd does
  (cd "$workdir" && set -a && . "$envfile" && set +a &&
    exec setsid $exec_start >>"$RUN_DIR/gunicorn.log" 2>&1 < /dev/null) &
  echo $! > "$PIDFILE"
  echo "   gunicorn pid $(cat "$PIDFILE") on 127.0.0.1:$PORT; log $RUN_DIR/gunicorn.log"
  echo "   stop it with: $0 --root '$ROOT' --stop"
else
  echo "systemd is not running: units are in $SYSTEMD_DIR; start with --start or systemctl"
fi
step "done: https://$HOST/ (health: http://127.0.0.1:$PORT/readyz)"
