#!/usr/bin/env bash
# Installs the Debian packages the tests and the demo start for real (slapd, ldap-utils), when missing.
set -euo pipefail
need=()
command -v slapd >/dev/null 2>&1 || [ -x /usr/sbin/slapd ] || need+=(slapd)
command -v ldapsearch >/dev/null 2>&1 || need+=(ldap-utils)
[ ${#need[@]} -eq 0 ] && exit 0
echo "installing ${need[*]} from Debian packages" >&2
SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
# Debian's postinst starts a system slapd on :389; ours run on their own ports, so stop it.
$SUDO service slapd stop >/dev/null 2>&1 || true
