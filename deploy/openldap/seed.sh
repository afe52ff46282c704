#!/bin/sh
# The openldap-seed job (docker-compose.yml, profile openldap): adds the entries of seed.ldif that
# are missing and sets demo-admin's password from .env, on every start (so changing it in .env works).
# Needs ldap-utils. test/deploy/openldap-seed.test.ts runs it against a real slapd.
set -eu
fail() { echo "openldap-seed: $*" >&2; exit 1; }
[ -n "${LDAP_ADMIN_PASSWORD:-}" ] || fail "LDAP_BIND_PASSWORD is empty in .env (the directory's admin password)"
[ -n "${DEMO_ADMIN_PASSWORD:-}" ] || fail "OPENLDAP_DEMO_ADMIN_PASSWORD is empty in .env"
uri="${LDAP_URI:-ldap://openldap:389}"
domain="${OPENLDAP_DOMAIN:-example.org}"
case "$domain" in *[!A-Za-z0-9.-]* | .* | *. | *..*) fail "OPENLDAP_DOMAIN '$domain' is not a domain name" ;; esac
base="dc=$(printf '%s' "$domain" | sed 's/\./,dc=/g')"
admin="cn=admin,$base"
here="$(cd "$(dirname "$0")" && pwd)"

# Passwords go through files only this job can read, not the command line, which any process can.
umask 077
secrets="$(mktemp -d)"
trap 'rm -rf "$secrets"' EXIT
printf '%s' "$LDAP_ADMIN_PASSWORD" > "$secrets/admin"
printf '%s' "$DEMO_ADMIN_PASSWORD" > "$secrets/demo-admin"

# The directory may still be starting: wait up to a minute for it, but not for a wrong password.
tries=0
while :; do
  status=0
  ldapwhoami -x -H "$uri" -D "$admin" -y "$secrets/admin" >/dev/null 2>&1 || status=$?
  [ "$status" -ne 0 ] || break
  [ "$status" -ne 49 ] || fail "$uri refuses $admin's password: LDAP_BIND_PASSWORD must be the one the directory was created with"
  tries=$((tries + 1))
  [ "$tries" -lt 60 ] || fail "no answer from $uri after 60 s"
  sleep 1
done

# -c goes on past entries that already exist (a later start); any other error fails the job.
if ! sed -e "s/@BASE_DN@/$base/g" -e "s/@DOMAIN@/$domain/g" "$here/seed.ldif" \
  | ldapadd -c -x -H "$uri" -D "$admin" -y "$secrets/admin" > "$secrets/out" 2>&1; then
  others="$(grep -E '^ldap_[a-z_]+: ' "$secrets/out" | grep -v '^ldap_add: Already exists (68)' || true)"
  if [ -n "$others" ] || ! grep -q '^ldap_add: Already exists (68)' "$secrets/out"; then
    cat "$secrets/out" >&2
    fail "adding seed.ldif failed"
  fi
fi
ldappasswd -x -H "$uri" -D "$admin" -y "$secrets/admin" -T "$secrets/demo-admin" "cn=demo-admin,ou=users,$base" \
  || fail "setting demo-admin's password failed"
echo "openldap-seed: $base has vid_admin, vid_public, vid_private and demo-admin"
