#!/bin/bash
# The pharmacists' console on this machine, behind a local nginx: the daemon on a throwaway spool with a handful of
# synthetic records, `sparrow-console`, and nginx with TLS and Basic auth (standing in for the hospital's sign-in)
# on https://127.0.0.1:8443/. Prints the made-up users' passwords; Ctrl-C stops everything and removes it all.
# Needs `swift build` first, and nginx (apt-get install nginx); run as root so nginx's workers are www-data.
set -euo pipefail
cd "$(dirname "$0")/.."
exec Tests/System/console-browser-test.sh --serve
