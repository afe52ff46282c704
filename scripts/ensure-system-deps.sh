#!/usr/bin/env bash
# Installs the Debian packages the tests and the demo start for real (slapd, ldap-utils, redis-server,
# chromium for the browser end-to-end test, driven by playwright-core, and caddy for test/caddy), when missing.
set -euo pipefail
need=()
command -v slapd >/dev/null 2>&1 || [ -x /usr/sbin/slapd ] || need+=(slapd)
command -v ldapsearch >/dev/null 2>&1 || need+=(ldap-utils)
command -v redis-server >/dev/null 2>&1 || [ -x /usr/bin/redis-server ] || need+=(redis-server)
# test/e2e launches exactly this path; playwright-core never downloads a browser of its own.
[ -x /usr/bin/chromium ] || need+=(chromium)
# test/caddy validates and runs caddy/Caddyfile with the real Caddy (Debian's 2.6.2, what deployments get).
command -v caddy >/dev/null 2>&1 || [ -x /usr/bin/caddy ] || need+=(caddy)
# test/deploy checks docker-compose.yml with Debian's docker-compose (parses it offline, no Docker
# engine needed) and the systemd unit with systemd-analyze (package systemd).
command -v docker-compose >/dev/null 2>&1 || need+=(docker-compose)
command -v systemd-analyze >/dev/null 2>&1 || need+=(systemd)
[ ${#need[@]} -eq 0 ] && exit 0
source "$(dirname "$0")/apt-install.sh"
apt_install "" "${need[@]}"
SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
# Debian's postinsts start a system slapd on :389, redis-server on :6379 and caddy on :80 (admin :2019);
# ours run on their own ports, so stop them.
$SUDO service slapd stop >/dev/null 2>&1 || true
$SUDO service redis-server stop >/dev/null 2>&1 || true
$SUDO service caddy stop >/dev/null 2>&1 || true
