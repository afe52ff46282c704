#!/bin/sh
# Entrypoint of the openldap service: the image would initialise its directory with a default
# admin password when none is given, and keep it in the volume. Refuse instead, then start as usual.
set -eu
if [ -z "${LDAP_ADMIN_PASSWORD:-}" ]; then
  echo "openldap: LDAP_BIND_PASSWORD is empty in .env; it is also this directory's admin password. Set it and start again." >&2
  exit 1
fi
exec /container/tool/run "$@"
