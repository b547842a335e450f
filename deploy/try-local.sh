#!/usr/bin/env bash
# deploy/try-local.sh POSTGRES_URL: the whole topology of deploy/ on loopback, for a try-out and the
# tests: nginx on 127.0.0.1:8080 (configs rendered into a temp folder, never /etc), two API and two
# web processes and the worker under supervisord in the foreground. Ctrl-C or SIGTERM stops it all.
#   BUDGETMETER_METRICS_TOKEN   the /metrics token (made up and printed when unset)
#   PYTHON                      the python with budgetmeter installed (default: python3)
set -euo pipefail
if [ $# -ne 1 ]; then echo "usage: $0 postgresql://user:password@host:port/database" >&2; exit 2; fi
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
PYTHON="${PYTHON:-python3}"
NGINX="${NGINX:-/usr/sbin/nginx}"
SUPERVISORD="${SUPERVISORD:-supervisord}"
RUN="$(mktemp -d /tmp/budgetmeter-try.XXXXXX)"
chmod 755 "$RUN"   # nginx's workers (not root) write their temp files below it
TOKEN="${BUDGETMETER_METRICS_TOKEN:-$("$PYTHON" -c 'import secrets; print(secrets.token_urlsafe(24))')}"

# Demo households, a made-up secret key and a mail server that is not there: a try-out, not a service.
cat > "$RUN/budgetmeter.env" <<ENV
BUDGETMETER_DATABASE='$1'
BUDGETMETER_SECRET_KEY=try-local-$(basename "$RUN")
BUDGETMETER_DEMO=true
BUDGETMETER_METRICS_TOKEN='$TOKEN'
BUDGETMETER_LOG_FORMAT=json
BUDGETMETER_SMTP_URL=smtp://127.0.0.1:9
BUDGETMETER_MAIL_FROM="budgetmeter <try-local@budgetmeter.invalid>"
BUDGETMETER_WEB_CACHE='$RUN/web-client'
ENV

sed -e "s#@ROOT@#$ROOT#g" -e "s#@PYTHON@#$PYTHON#g" -e "s#@ENV_FILE@#$RUN/budgetmeter.env#g" -e "s#@RUN@#$RUN#g" \
  "$ROOT/deploy/supervisord.conf" > "$RUN/supervisord.conf"
# The site without its TLS lines, on loopback, its access log in the temp folder.
sed -e '/# tls$/d' -e 's#^\(\s*\)server_name _;#\1listen 127.0.0.1:8080;\n\1server_name _;#' \
  -e "s#/var/log/nginx/budgetmeter.access.log#$RUN/nginx-access.log#" "$ROOT/deploy/nginx.conf" > "$RUN/site.conf"
cat > "$RUN/nginx.conf" <<NGINX
daemon off;
pid $RUN/nginx.pid;
error_log $RUN/nginx-error.log;
events { worker_connections 1024; }
http {
    client_body_temp_path $RUN/nginx-body;
    proxy_temp_path $RUN/nginx-proxy;
    fastcgi_temp_path $RUN/nginx-fastcgi;
    uwsgi_temp_path $RUN/nginx-uwsgi;
    scgi_temp_path $RUN/nginx-scgi;
    include $RUN/site.conf;
}
NGINX

# At deploy time, not by a serving process (quick levels: a try-out).
(cd "$ROOT" && BUDGETMETER_WEB_CACHE="$RUN/web-client" PYTHONPATH="$ROOT" "$PYTHON" -m app.web.precompress --quick >/dev/null)

pids=()
stop() {
  trap - TERM INT
  # supervisord stops each program with SIGTERM and waits up to its stopwaitsecs (10 s).
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$RUN"
  exit 0
}
trap stop TERM INT

"$SUPERVISORD" -n -c "$RUN/supervisord.conf" & pids+=($!)
"$NGINX" -p "$RUN" -c "$RUN/nginx.conf" -e "$RUN/nginx-error.log" & pids+=($!)

for _ in $(seq 1 120); do
  if "$PYTHON" -c 'import sys, urllib.request; urllib.request.urlopen("http://127.0.0.1:8080/readyz", timeout=1); urllib.request.urlopen("http://127.0.0.1:8080/", timeout=1)' 2>/dev/null; then
    break
  fi
  sleep 0.5
done
echo "budgetmeter is at http://127.0.0.1:8080/ (metrics: Authorization: Bearer $TOKEN; logs in $RUN)"
# "wait" returns at a signal, so the trap runs at once. supervisord restarts a program that dies;
# should supervisord or nginx itself end, the rest is stopped too.
wait -n || true
echo "supervisord or nginx ended; stopping the rest (logs were in $RUN)" >&2
stop
