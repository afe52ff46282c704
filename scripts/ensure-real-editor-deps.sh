#!/usr/bin/env bash
# For `npm test` and `npm run test:real-editor`: the real editor (mediamtx_config_editor.py, named by
# MEDIAMTX_EDITOR_PY) runs on Debian's python3 with python3-flask, python3-ruamel.yaml,
# python3-requests and python3-psutil; installs those that are missing (like ensure-system-deps.sh),
# after the packages the browser tests need. Without MEDIAMTX_EDITOR_PY nothing is installed for
# the editor: its tests skip and say so.
set -euo pipefail
bash "$(dirname "$0")/ensure-system-deps.sh"
[ -n "${MEDIAMTX_EDITOR_PY:-}" ] || exit 0
if [ ! -r "$MEDIAMTX_EDITOR_PY" ]; then
  echo "MEDIAMTX_EDITOR_PY=$MEDIAMTX_EDITOR_PY is not a readable file (a copy of mediamtx_config_editor.py)" >&2
  exit 1
fi
python="${REAL_EDITOR_PYTHON:-/usr/bin/python3}"
need=()
"$python" -c 'import flask' 2>/dev/null || need+=(python3-flask)
"$python" -c 'import ruamel.yaml' 2>/dev/null || need+=(python3-ruamel.yaml)
"$python" -c 'import requests' 2>/dev/null || need+=(python3-requests)
"$python" -c 'import psutil' 2>/dev/null || need+=(python3-psutil)
# The harness runs the editor in a private mount namespace (its state lives under /opt and /usr/local/etc).
command -v unshare >/dev/null 2>&1 || need+=(util-linux)
[ -x "$python" ] || need+=(python3)
[ ${#need[@]} -eq 0 ] && exit 0
source "$(dirname "$0")/apt-install.sh"
apt_install "for the real editor" "${need[@]}"
