#!/usr/bin/env bash
# Make sure the Debian packages hiphub's tests need are present: install them with apt when
# running as root, otherwise say loudly what is missing. With CI=true, missing is an error.
set -euo pipefail

# What shows a package is there: a command on PATH, or (starting with /) a file it installs.
declare -A COMMAND_FOR=([chromium]=chromium [espeak-ng]=espeak-ng [sox]=sox [wrk]=wrk [nginx]=nginx
  [festival]=festival
  [festvox-us-slt-hts]=/usr/share/festival/voices/us/cmu_us_slt_arctic_hts/festvox/cmu_us_slt_arctic_hts.scm
  # WeasyPrint (the report PDF) loads Pango through ctypes; Debian's package of its library.
  [libpangoft2-1.0-0]=/usr/lib/$(uname -m)-linux-gnu/libpangoft2-1.0.so.0
  [libsox-fmt-mp3]=/usr/share/doc/libsox-fmt-mp3/copyright)
missing=()
for package in "$@"; do
  check="${COMMAND_FOR[$package]:-$package}"
  if [[ "$check" == /* ]]; then
    [ -e "$check" ] || missing+=("$package")
  else
    command -v "$check" >/dev/null 2>&1 || missing+=("$package")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "Installing missing system packages: ${missing[*]}"
  # Wait up to ten minutes for another apt/dpkg run to finish instead of failing at once.
  apt_get=(apt-get -o DPkg::Lock::Timeout=600)
  "${apt_get[@]}" update -qq
  extra=()
  [[ " ${missing[*]} " == *" sox "* ]] && extra+=(libsox-fmt-all)
  DEBIAN_FRONTEND=noninteractive "${apt_get[@]}" install -y -qq "${missing[@]}" "${extra[@]}" >/dev/null
  exit 0
fi

echo "************************************************************************" >&2
echo "MISSING SYSTEM PACKAGES: ${missing[*]}" >&2
echo "Install them (e.g. sudo apt-get install ${missing[*]}); tests needing them are SKIPPED." >&2
echo "************************************************************************" >&2
if [ "${CI:-}" = "true" ]; then
  echo "CI=true: nothing may be skipped." >&2
  exit 1
fi
