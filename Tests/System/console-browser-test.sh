#!/bin/bash
# Browser system test of the pharmacists' console: the daemon, `sparrow-console` and nginx (TLS + Basic auth
# standing in for the hospital's sign-in, as in Deploy/nginx/sparrow-console.conf) on a private temp dir, driven
# by headless Chromium through Tests/System/console_browser_test.py.
#
# Runs on Debian 12 as root (CI), with nginx, chromium and chromium-driver installed and .build/debug/sparrow
# and .build/debug/sparrow-console built. Also works as an ordinary user: nginx then runs without `user`, and proxyUser is that user.
#   Tests/System/console-browser-test.sh
# Environment: SPARROW and SPARROW_CONSOLE (the binaries), NGINX, CONSOLE_TEST_PORT (default 8443), SCREENSHOTS (default
# .build/console-screenshots; docs/screenshots holds the committed ones), CONSOLE_TEST_ARTIFACTS (failure screenshots and pages; default .build/console-test-artifacts).
#
# Every record is a synthetic fixture (Tests/Fixtures/records, invented patients); the users and their passwords
# are made up per run.
#
# With --serve it sets the same stack up, prints the address and the made-up users' passwords, and serves until
# Ctrl-C instead of running the browser (the README's local console: scripts/console-demo.sh).
set -euo pipefail
serve=false
[ "${1:-}" = --serve ] && serve=true
repo=$(cd "$(dirname "$0")/../.." && pwd)
cd "$repo"
sparrow=${SPARROW:-$repo/.build/debug/sparrow}
sparrow_console=${SPARROW_CONSOLE:-$repo/.build/debug/sparrow-console}
nginx=${NGINX:-$(command -v nginx || echo /usr/sbin/nginx)}
port=${CONSOLE_TEST_PORT:-8443}
base=https://127.0.0.1:$port
screenshots=${SCREENSHOTS:-$repo/.build/console-screenshots}
artifacts=${CONSOLE_TEST_ARTIFACTS:-$repo/.build/console-test-artifacts}
venv=$repo/.build/console-test-venv

fail() { echo "FAIL: $*" >&2; exit 1; }
ok() { echo "ok - $*"; }

[ -x "$sparrow" ] || fail "no binary at $sparrow (swift build)"
[ -x "$sparrow_console" ] || fail "no binary at $sparrow_console (swift build)"
[ -x "$nginx" ] || fail "nginx not found (apt-get install nginx)"
if $serve; then
  python=python3 # the waits below need the standard library only
else
  [ -x /usr/bin/chromium ] || fail "/usr/bin/chromium not found (apt-get install chromium)"
  [ -x /usr/bin/chromedriver ] || fail "/usr/bin/chromedriver not found (apt-get install chromium-driver)"
  command -v openssl >/dev/null || fail "openssl not found"

  # Selenium in a venv of its own, kept between runs (PyPI is reachable from CI).
  if ! "$venv/bin/python3" -c 'import selenium' 2>/dev/null; then
    python3 -m venv "$venv" || fail "python3 -m venv failed (apt-get install python3-venv)"
    "$venv/bin/pip" install --quiet selenium
  fi
  python=$venv/bin/python3
fi

tmp=$(mktemp -d /tmp/sparrow-console-test.XXXXXX)
daemon_pid='' console_pid='' nginx_pid=''
stop() { # PID: TERM, then KILL if it has not gone within 5 s
  local pid=$1 i
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null
  for i in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
  return 0
}
cleanup() {
  local status=$?
  set +e
  # nginx first, the daemon last: nothing is left talking to a socket that has gone.
  stop "$nginx_pid"
  stop "$console_pid"
  stop "$daemon_pid"
  if [ "$status" -ne 0 ] && [ "$status" -ne 130 ]; then
    for log in "$tmp"/logs/*.log; do
      [ -s "$log" ] || continue
      echo "===== $(basename "$log") (last 200 lines)" >&2
      tail -n 200 "$log" >&2
    done
    if [ -d "$tmp/spool/quarantine" ] && [ -n "$(ls -A "$tmp/spool/quarantine" 2>/dev/null)" ]; then
      echo "===== quarantined files" >&2
      ls -lR "$tmp/spool/quarantine" >&2
    fi
    echo "console browser test FAILED (exit $status)" >&2
  fi
  rm -rf "$tmp"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

waitfor() { # WHAT TENTHS PID COMMAND...: until COMMAND succeeds; fails early if PID has exited
  local what=$1 tenths=$2 pid=$3 i
  shift 3
  for ((i = 0; i < tenths; i++)); do
    if "$@"; then return 0; fi
    if [ -n "$pid" ] && ! kill -0 "$pid" 2>/dev/null; then fail "$what: the process exited"; fi
    sleep 0.1
  done
  fail "timed out waiting for $what"
}

# Who nginx's workers run as: they are the console's proxy, the only peer whose identity header it believes.
if [ "$(id -u)" = 0 ]; then
  proxy_user=www-data
  proxy_group=www-data
  user_directive="user $proxy_user $proxy_group;"
else
  proxy_user=$(id -un)
  proxy_group=$(id -gn)
  user_directive=''
fi
id "$proxy_user" >/dev/null 2>&1 || fail "no user $proxy_user"

# Layout. The workers (www-data) must reach the console socket and read the htpasswd file, so the temp dir is
# traversable (0711) but not listable; the rest stays root's.
chmod 0711 "$tmp"
mkdir -p "$tmp/logs" "$tmp/daemon" "$tmp/records" "$tmp/tls" "$tmp/nginx" "$tmp/console"
chmod 0700 "$tmp/daemon" "$tmp/records" "$tmp/tls"
chmod 0711 "$tmp/nginx"
chgrp "$proxy_group" "$tmp/console"
chmod 0750 "$tmp/console"
control=$tmp/daemon/control.sock
console_socket=$tmp/console/console.sock

# TLS: the session cookie is __Host- and Secure, so the browser must speak HTTPS. A throwaway self-signed
# certificate for 127.0.0.1 (Chromium is told to ignore the error; the Python checks trust this file).
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=127.0.0.1" \
  -addext "subjectAltName=IP:127.0.0.1" -keyout "$tmp/tls/key.pem" -out "$tmp/tls/cert.pem" 2>/dev/null
ok "self-signed certificate for 127.0.0.1"

# Basic auth stands in for SSO. Made-up users; passwords random per run.
export SPARROW_TEST_REVIEWER=pharmacist-a SPARROW_TEST_AUDITOR=auditor-a
SPARROW_TEST_REVIEWER_PASSWORD=$(openssl rand -hex 12)
SPARROW_TEST_AUDITOR_PASSWORD=$(openssl rand -hex 12)
export SPARROW_TEST_REVIEWER_PASSWORD SPARROW_TEST_AUDITOR_PASSWORD
{
  printf '%s:%s\n' "$SPARROW_TEST_REVIEWER" "$(openssl passwd -apr1 "$SPARROW_TEST_REVIEWER_PASSWORD")"
  printf '%s:%s\n' "$SPARROW_TEST_AUDITOR" "$(openssl passwd -apr1 "$SPARROW_TEST_AUDITOR_PASSWORD")"
} > "$tmp/nginx/htpasswd"
chgrp "$proxy_group" "$tmp/nginx/htpasswd"
chmod 0640 "$tmp/nginx/htpasswd" # read by the workers at each request
ok "htpasswd for $SPARROW_TEST_REVIEWER (reviewer) and $SPARROW_TEST_AUDITOR (auditor)"

# The daemon. consoleUser is whoever runs the console (this script's user): only that peer may act for others.
cat > "$tmp/sparrow.yaml" <<EOF
spool: "$tmp/spool"
database: "$tmp/sparrow.sqlite"
policies: "$repo/Policies"
socket: "$control"
consoleUser: "$(id -un)"
rescanSeconds: 5
EOF
"$sparrow" run --config "$tmp/sparrow.yaml" --log stderr > "$tmp/logs/daemon.log" 2>&1 &
daemon_pid=$!
daemon_up() { "$sparrow" status --socket "$control" > /dev/null 2>&1; }
waitfor "the daemon's control socket" 300 "$daemon_pid" daemon_up
ok "daemon running (pid $daemon_pid)"

cat > "$tmp/console.yaml" <<EOF
listen: "$console_socket"
socketGroup: "$proxy_group"
proxyUser: "$proxy_user"
userHeader: X-Remote-User
controlSocket: "$control"
origin: "$base"
reviewers:
  - "$SPARROW_TEST_REVIEWER"
auditors:
  - "$SPARROW_TEST_AUDITOR"
EOF
"$sparrow_console" --config "$tmp/console.yaml" --log stderr > "$tmp/logs/console.log" 2>&1 &
console_pid=$!
# The socket exists at bind(2); it is handed to the proxy's group once the server runs.
console_up() { [ -S "$console_socket" ] && [ "$(stat -c %G "$console_socket")" = "$proxy_group" ]; }
waitfor "the console's socket" 300 "$console_pid" console_up
ok "console running (pid $console_pid) on $console_socket for proxy user $proxy_user"

# A private nginx: the same proxy directives as Deploy/nginx/sparrow-console.conf (keep the two in step), with
# every path inside $tmp. (nginx variables are escaped: \$remote_user.)
cat > "$tmp/nginx/nginx.conf" <<EOF
$user_directive
worker_processes 1;
daemon off;
pid $tmp/nginx/nginx.pid;
error_log $tmp/logs/nginx-error.log info;
events { worker_connections 64; }
http {
    access_log $tmp/logs/nginx-access.log;
    default_type application/octet-stream;
    client_body_temp_path $tmp/nginx/client_body;
    proxy_temp_path $tmp/nginx/proxy;
    fastcgi_temp_path $tmp/nginx/fastcgi;
    uwsgi_temp_path $tmp/nginx/uwsgi;
    scgi_temp_path $tmp/nginx/scgi;
    server {
        listen 127.0.0.1:$port ssl;
        server_name 127.0.0.1;
        ssl_certificate $tmp/tls/cert.pem;
        ssl_certificate_key $tmp/tls/key.pem;
        add_header Strict-Transport-Security "max-age=63072000" always;
        client_max_body_size 64k;
        auth_basic "Sparrow (system test)";
        auth_basic_user_file $tmp/nginx/htpasswd;
        location / {
            proxy_pass http://unix:$console_socket:;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            # Replaces any X-Remote-User the client sent (the Python checks try to send one).
            proxy_set_header X-Remote-User \$remote_user;
            proxy_set_header X-Remote-Groups "";
            proxy_set_header Authorization "";
            proxy_set_header Host \$host;
            proxy_set_header X-Forwarded-Proto https;
            proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
        }
    }
}
EOF
nginx_args=(-c "$tmp/nginx/nginx.conf" -p "$tmp/nginx" -e "$tmp/logs/nginx-error.log")
"$nginx" -t -q "${nginx_args[@]}" || fail "nginx -t rejected $tmp/nginx/nginx.conf"
"$nginx" "${nginx_args[@]}" > "$tmp/logs/nginx-stdout.log" 2>&1 &
nginx_pid=$!
nginx_up() { "$python" -c 'import socket, sys; socket.create_connection(("127.0.0.1", int(sys.argv[1])), 1).close()' "$port" 2>/dev/null; }
waitfor "nginx on 127.0.0.1:$port" 300 "$nginx_pid" nginx_up
ok "nginx (pid $nginx_pid) on $base, workers as $proxy_user"

# A handful of synthetic fixtures, each given an encounter so the unit and service filters have something to
# work on. Four of the eight land in ICU.
fixtures=(
  equivalence-oxycodone-alprazolam-osa-egfr.json
  benzo-plus-oxycodone-90mme.json
  fentanyl-patch-25mcg-plus-oxycodone-prn-105mme.json
  fentanyl-patch-50mcg-120mme.json
  methadone-10mg-bid-94mme.json
  unknown-opioid-levorphanol-plus-oxycodone.json
  gabapentin-sleep-apnea-older-adult-ckd.json
  hydromorphone-oral-solution-4ml-q6h-80mme.json
)
"$python" - "$repo/Tests/Fixtures/records" "$tmp/records" "${fixtures[@]}" <<'EOF'
import json, pathlib, sys
source, target, names = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2]), sys.argv[3:]
places = [("ICU", "Medicine"), ("4 West", "Orthopaedics"), ("ICU", "Orthopaedics"), ("4 West", "Medicine")]
for index, name in enumerate(names):
    record = json.loads((source / name).read_text())
    unit, service = places[index % len(places)]
    record["encounter"] = {"unit": unit, "service": service}
    (target / name).write_text(json.dumps(record, indent=2) + "\n")
    if index == 0:
        # The same synthetic patient a week earlier on half the first order's dose: the advisory page's MME/day
        # plot then has two decisions to draw.
        earlier = json.loads(json.dumps(record))
        earlier["source"]["generatedAt"] = "2026-11-11T08:00:00Z"
        dose = earlier["medications"][0].get("dose")
        if isinstance(dose, dict) and isinstance(dose.get("value"), (int, float)):
            dose["value"] = dose["value"] / 2
        (target / ("earlier-" + name)).write_text(json.dumps(earlier, indent=2) + "\n")
EOF
scripts/drop.sh "$tmp/spool" "$tmp/records"/*.json

counts() { # decided quarantined, from the daemon's status
  "$sparrow" status --socket "$control" --format json 2>/dev/null |
    "$python" -c 'import json, sys; c = json.load(sys.stdin)["counts"]; print(c["decided"], c["quarantined"])'
}
all_decided() { local c; c=$(counts) || return 1; [ "$(cut -d' ' -f1 <<< "$c")" -ge ${#fixtures[@]} ]; }
waitfor "${#fixtures[@]} decisions" 600 "$daemon_pid" all_decided
[ "$(counts | cut -d' ' -f2)" = 0 ] || fail "fixtures were quarantined: $(counts)"
ok "${#fixtures[@]} synthetic records decided, none quarantined"

# Through the whole chain (TLS, Basic auth, nginx, the console, the daemon): the worklist has items.
worklist_ready() {
  "$python" - "$base" "$tmp/tls/cert.pem" <<'EOF'
import base64, http.client, os, ssl, sys, urllib.parse
base, cafile = sys.argv[1], sys.argv[2]
url = urllib.parse.urlsplit(base)
context = ssl.create_default_context(cafile=cafile)
context.verify_flags &= ~ssl.VERIFY_X509_STRICT  # a throwaway self-signed certificate is not a strict CA
credentials = f"{os.environ['SPARROW_TEST_REVIEWER']}:{os.environ['SPARROW_TEST_REVIEWER_PASSWORD']}"
connection = http.client.HTTPSConnection(url.hostname, url.port, context=context, timeout=5)
connection.request("GET", "/", headers={"Authorization": "Basic " + base64.b64encode(credentials.encode()).decode()})
response = connection.getresponse()
sys.exit(0 if response.status == 200 and 'class="item ' in response.read().decode("utf-8", "replace") else 1)
EOF
}
waitfor "worklist items at $base/" 300 "$console_pid" worklist_ready
ok "the worklist at $base/ has items"

if $serve; then
  echo
  echo "Sparrow's console (synthetic records): $base/  (a self-signed certificate: accept it in the browser)"
  echo "  reviewer: $SPARROW_TEST_REVIEWER / $SPARROW_TEST_REVIEWER_PASSWORD"
  echo "  auditor:  $SPARROW_TEST_AUDITOR / $SPARROW_TEST_AUDITOR_PASSWORD"
  echo "Ctrl-C stops nginx, the console and the daemon and removes $tmp."
  wait "$daemon_pid"
  exit 0
fi

mkdir -p "$screenshots" "$artifacts"
"$python" Tests/System/console_browser_test.py --base "$base" --screenshots "$screenshots" \
  --cafile "$tmp/tls/cert.pem" --artifacts "$artifacts"
echo "console browser test: all checks passed (screenshots in $screenshots)"
