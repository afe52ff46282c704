# Sourced by the ensure-*.sh scripts: apt_install "<what for>" <package>... installs Debian packages
# quietly, with sudo when not root.
apt_install() {
  local why="$1"; shift
  echo "installing $* from Debian packages${why:+ $why}" >&2
  local sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}
