#!/usr/bin/env bash
# Installs Debian's Chromium for the browser tests (playwright-core drives it; it downloads no browser).
set -euo pipefail
if [ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  SUDO=sudo
else
  SUDO=
fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
echo "Chromium: $(/usr/bin/chromium --version 2>/dev/null || echo 'installed')"
