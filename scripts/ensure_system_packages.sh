#!/usr/bin/env bash
# Installs the Debian packages Maillage needs when they are missing:
#   gettext  - compiles the French translations (msgfmt)
#   pango    - text layout for WeasyPrint (the partner map as a PDF), with a font
#   chromium - browser tests (Playwright drives Debian's /usr/bin/chromium; its own download is unreachable)
# Usage: scripts/ensure_system_packages.sh [--browser]
set -euo pipefail

packages=()
command -v msgfmt >/dev/null 2>&1 || packages+=(gettext)
if ! ldconfig -p 2>/dev/null | grep -q 'libpangoft2-1.0.so.0'; then
  packages+=(libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core)
fi
if [[ "${1:-}" == "--browser" ]] && [[ ! -x /usr/bin/chromium ]]; then
  packages+=(chromium)
fi
[[ ${#packages[@]} -eq 0 ]] && exit 0

sudo_cmd=()
if [[ $(id -u) -ne 0 ]]; then
  command -v sudo >/dev/null 2>&1 || { echo "Please install as root: apt-get install ${packages[*]}" >&2; exit 1; }
  sudo_cmd=(sudo)
fi
echo "Installing Debian packages: ${packages[*]}"
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -q
"${sudo_cmd[@]}" apt-get install -y -q --no-install-recommends "${packages[@]}"
