#!/bin/bash
# System test, run inside a booted systemd 252 container by ../shared/tools/systemd-container (see scripts/test.sh).
# The repository pieces are installed under /root/src; this installs Sparrow with Deploy/install.sh and checks the
# service as an administrator, a pipeline and pharmacists would use it.
set -euo pipefail
cd /root/src
u=sparrow
unit=/usr/lib/systemd/system/sparrow.service
show() { systemctl show -p "$1" --value "$u"; }
waitfor() { # condition [tenths of a second]
  local i
  for i in $(seq "${2:-300}"); do eval "$1" && return 0; sleep 0.1; done
  echo "FAIL timeout: $1"; systemctl status "$u" --no-pager || true; exit 1
}
ok() { echo "ok - $*"; }
decided() { local status; status=$(sparrow status --format json); [[ "$status" =~ \"decided\":\ ([0-9]+) ]] && echo "${BASH_REMATCH[1]}"; }
advisories_in_sqlite() { local csv; csv=$(sparrow advisories list --status all --format csv --limit 100000); echo $(( $(wc -l <<< "$csv") - 1 )); }
advisories_in_journal() { journalctl -q -u "$u" -o json MESSAGE_ID=5a2b9c1d3e4f40718293a4b5c6d7e806 | wc -l; }

SPARROW_BINARY=/root/src/sparrow SPARROW_CONSOLE_BINARY=/root/src/sparrow-console Deploy/install.sh >/dev/null
ok "installed with Deploy/install.sh"
page=$(zcat /usr/share/man/man1/sparrow.1.gz)
[[ "$page" == *".Dt SPARROW 1"* && "$page" == *"advisories"* ]]
console_page=$(zcat /usr/share/man/man1/sparrow-console.1.gz)
[[ "$console_page" == *".Dt SPARROW-CONSOLE 1"* && "$console_page" == *"config"* ]]
if command -v man >/dev/null; then
  man -w sparrow | grep -q /usr/share/man/man1/sparrow.1.gz
  man -w sparrow-console | grep -q /usr/share/man/man1/sparrow-console.1.gz
fi
ok "the man pages are installed (man -w finds them where man-db is present)"
# Bash calls a completion function with the command, the current word and the previous one.
words=$(bash -c 'source /usr/share/bash-completion/completions/sparrow
  COMP_LINE="sparrow adv"; COMP_POINT=${#COMP_LINE}; COMP_WORDS=(sparrow adv); COMP_CWORD=1
  _sparrow sparrow adv sparrow; printf "%s " "${COMPREPLY[@]}"')
[ "$words" = "advisories " ]
formats=$(bash -c 'source /usr/share/bash-completion/completions/sparrow
  COMP_LINE="sparrow advisories list --format "; COMP_POINT=${#COMP_LINE}
  COMP_WORDS=(sparrow advisories list --format ""); COMP_CWORD=4
  _sparrow sparrow "" --format; printf "%s " "${COMPREPLY[@]}"')
[ "$formats" = "table json csv " ]
[ -s /usr/share/zsh/vendor-completions/_sparrow ]
ok "bash completion offers 'advisories' and the --format values ($formats); zsh completion installed"
getent group sparrow-review sparrow-pipeline >/dev/null && id sparrow >/dev/null
ok "sysusers created the sparrow user and groups"
[ "$(stat -c '%a %U %G' /var/spool/sparrow/incoming)" = "3730 sparrow sparrow-pipeline" ]
ok "tmpfiles created incoming/ 3730 sparrow:sparrow-pipeline"

out=$(systemd-analyze verify --man=no "$unit" 2>&1) || true
[ -z "$out" ] || { echo "$out"; exit 1; }
ok "systemd-analyze verify: no output"
systemd-analyze security --offline=yes --threshold=10 "$unit" | tail -n 1
ok "systemd-analyze security --offline=yes --threshold=10 passes"

# Test hook: while /run/sparrow-test-stall exists, the intake loop hangs (to see the watchdog act).
mkdir -p /etc/systemd/system/sparrow.service.d
printf '[Service]\nEnvironment=SPARROW_TEST_STALL_FILE=/run/sparrow-test-stall\n' \
  > /etc/systemd/system/sparrow.service.d/test-hook.conf
systemctl daemon-reload

systemctl start "$u"   # returns after READY=1
[ "$(show ActiveState)/$(show SubState)" = active/running ]
ok "started: active (running) after READY=1"
check=$(sparrow policy check /etc/sparrow/policies); rev1=$(sed -n 2p <<< "$check" | cut -d' ' -f2)
waitfor '[[ "$(show StatusText)" == *"${rev1:0:12}"* ]]'
ok "STATUS= shows the active revision ${rev1:0:12}"

useradd -M -s /bin/sh -G sparrow-pipeline pipeline
useradd -M -s /bin/sh -G sparrow-review pharmacist
useradd -M -s /bin/sh other
drop() { # NAME < content, as the pipeline user: temporary name, then rename
  runuser -u pipeline -- sh -c "umask 027; cat > /var/spool/sparrow/incoming/.$1.tmp && mv /var/spool/sparrow/incoming/.$1.tmp /var/spool/sparrow/incoming/$1"
}
fixtures=(Tests/Fixtures/records/*.json)
for f in "${fixtures[@]}"; do drop "$(basename "$f")" < "$f"; done
waitfor '[ "$(decided)" = ${#fixtures[@]} ]'
ok "${#fixtures[@]} fixtures dropped by the pipeline user: ${#fixtures[@]} decisions"
[ "$(advisories_in_sqlite)" -gt 0 ] && [ "$(advisories_in_journal)" = "$(advisories_in_sqlite)" ]
ok "journalctl -u sparrow has one advisory entry per advisory in SQLite ($(advisories_in_sqlite))"
# (Outputs are captured before matching: with pipefail, a reader that exits early would kill the writer.)
entry=$(journalctl -q -u "$u" -o json -n 1 MESSAGE_ID=5a2b9c1d3e4f40718293a4b5c6d7e806)
[[ "$entry" == *'"_SYSTEMD_UNIT":"sparrow.service"'* && "$entry" == *'"SPARROW_RULE_ID":'* ]]
ok "journal entries carry _SYSTEMD_UNIT and SPARROW_* fields"
[ "$(journalctl -u "$u" -o json | grep -c 'SYN-')" = 0 ] || { echo "FAIL patient id in the journal"; exit 1; }
ok "no patient id in the journal"

queue=$(sparrow advisories list --format csv); id=$(sed -n 2p <<< "$queue" | cut -d, -f1)
runuser -u pharmacist -- sparrow advisories list >/dev/null
runuser -u pharmacist -- sparrow review "$id" accept >/dev/null
[[ "$(sparrow advisories show "$id")" == *"pharmacist (uid $(id -u pharmacist))  accept"* ]]
ok "a member of sparrow-review lists and reviews; the review carries their name"
set +e
runuser -u other -- sparrow advisories list >/dev/null 2>&1; refused=$?
set -e
[ "$refused" = 77 ]
ok "a user outside sparrow-review is refused (exit 77)"

pid=$(show MainPID)
sed -i 's/atLeast: 90/atLeast: 80/' /etc/sparrow/policies/rules/opioid-load.yaml
check=$(sparrow policy check /etc/sparrow/policies); rev2=$(sed -n 2p <<< "$check" | cut -d' ' -f2)
systemctl reload "$u"
waitfor '[[ "$(show StatusText)" == *"${rev2:0:12}"* ]]'
[ "$(show MainPID)" = "$pid" ]
ok "reload with a changed policy: new revision ${rev2:0:12} in STATUS=, same MainPID"
printf 'rules:\n  - id: broken\n' > /etc/sparrow/policies/rules/broken.yaml
systemctl reload "$u"
waitfor '[[ "$(sparrow status)" == *"last reload rejected"* ]]'
[[ "$(show StatusText)" == *"${rev2:0:12}"* ]]
[[ "$(journalctl -q -u "$u" -o verbose MESSAGE_ID=5a2b9c1d3e4f40718293a4b5c6d7e809)" == *"rules/broken.yaml:2:5"* ]]
ok "reload with a broken policy: rejected with file:line, ${rev2:0:12} still serving"
rm /etc/sparrow/policies/rules/broken.yaml

touch /run/sparrow-test-stall
waitfor '[ "$(show NRestarts)" -ge 1 ]' 900
rm -f /run/sparrow-test-stall
[[ "$(journalctl -u "$u" -o cat)" == *"Failed with result 'watchdog'"* ]]
waitfor '[ "$(show ActiveState)/$(show SubState)" = active/running ]' 600
waitfor 'sparrow status >/dev/null 2>&1' 600
ok "a hung pipeline stops WATCHDOG=1: systemd restarted it (NRestarts=$(show NRestarts))"

before=$(decided)
runuser -u pipeline -- bash -c '
  umask 027; cd /var/spool/sparrow/incoming
  for i in $(seq 1 20000); do
    printf "{\"schemaVersion\": 1, \"comment\": \"synthetic\", \"patient\": {\"id\": \"SYN-L%d\", \"age\": 40}, \"source\": {\"pipeline\": \"load\", \"generatedAt\": \"2026-11-20T00:00:00Z\"}, \"medications\": [], \"conditions\": [{\"system\": \"icd-10-cm\", \"code\": \"M79.7\"}]}" "$i" > ".load-$i.tmp"
    mv ".load-$i.tmp" "load-$i.json"
  done'
waitfor '[ "$(decided)" = $((before + 20000)) ]' 3000
journalctl --sync
[ "$(advisories_in_journal)" = "$(advisories_in_sqlite)" ]
ok "20 000 files as fast as the pipeline user can: $(advisories_in_sqlite) advisories in SQLite, the same count in the journal"

# The pharmacists' console under its own hardened unit and user, on the socket only the proxy's user may use.
console_unit=/usr/lib/systemd/system/sparrow-console.service
out=$(systemd-analyze verify --man=no "$console_unit" 2>&1) || true
[ -z "$out" ] || { echo "$out"; exit 1; }
systemd-analyze security --offline=yes --threshold=10 "$console_unit" | tail -n 1
ok "sparrow-console.service: verify is silent, security --offline=yes --threshold=10 passes"
id -nG sparrow-console | grep -qw sparrow-review && id -nG sparrow-console | grep -qw www-data
sed -i 's/^reviewers: \[\]/reviewers: [pharmacist-a]/' /etc/sparrow/console.yaml
systemctl start sparrow-console
waitfor '[ "$(systemctl show -p ActiveState --value sparrow-console)" = active ]' 300
[ "$(stat -c '%a %U %G' /run/sparrow-console/console.sock)" = "660 sparrow-console www-data" ]
ok "sparrow-console active as sparrow-console; its socket is 0660 sparrow-console:www-data"
console_get() { # as the user $1, GET / with X-Remote-User $2: the status code (perl-base: the image has no python)
  setpriv --reuid="$1" --regid="$1" --init-groups perl -MIO::Socket::UNIX -e '
    my $socket = IO::Socket::UNIX->new(Peer => "/run/sparrow-console/console.sock") or die "connect: $!";
    print $socket "GET / HTTP/1.1\r\nHost: sparrow\r\nX-Remote-User: $ARGV[0]\r\nConnection: close\r\n\r\n";
    my $line = <$socket>;
    print((split / /, $line)[1]);' "$2"
}
[ "$(console_get www-data pharmacist-a)" = 200 ]
[ "$(console_get www-data visitor)" = 403 ]
[ "$(console_get root pharmacist-a)" = 403 ]
ok "through the console's socket: the proxy user's request for a reviewer 200, for someone without a role 403; root's 403"
systemctl stop sparrow-console

systemctl stop "$u"
[ "$(show ActiveState)" = inactive ] && [ "$(show Result)" = success ]
ok "stopped cleanly"
echo "service test: all checks passed"
