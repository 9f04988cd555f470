# Sourced by run.sh and test.sh: makes sure Debian packages are present. Missing ones are installed when the
# script runs as root (or with passwordless sudo); otherwise the exact install command is printed and it exits 2.
# Usage: require_packages <package>...   (a package counts as present when dpkg knows it, or, for nodejs/npm,
# when the command is on PATH: this machine's Node.js may come from outside Debian)
require_packages() {
  local missing=()
  for p in "$@"; do
    case "$p" in
      nodejs) command -v node >/dev/null || missing+=(nodejs) ;;
      npm) command -v npm >/dev/null || missing+=(npm) ;;
      curl) command -v curl >/dev/null || missing+=(curl) ;;
      *) dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p") ;;
    esac
  done
  ((${#missing[@]})) || return 0
  local sudo_cmd=""
  if [[ "$(id -u)" != "0" ]]; then
    if sudo -n true 2>/dev/null; then sudo_cmd="sudo"; else
      echo "missing packages: ${missing[*]}" >&2
      echo "install them with: sudo apt-get install -y ${missing[*]}" >&2
      exit 2
    fi
  fi
  echo "installing ${missing[*]} (apt)..."
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}
