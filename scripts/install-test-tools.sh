#!/usr/bin/env bash
# Installs the Debian packages the tests need and npm cannot bring: Chromium (playwright-core drives
# it; no browser is downloaded) and a headless Java runtime for the Nu HTML Checker (vnu-jar).
set -euo pipefail
missing=()
[ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ] || missing+=(chromium)
command -v java >/dev/null 2>&1 || missing+=(default-jre-headless)
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  SUDO=sudo
else
  SUDO=
fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
echo "Installed: ${missing[*]}"
