#!/usr/bin/env bash
# Installs the Debian packages the tests need and npm cannot bring: Chromium (playwright-core drives
# it; no browser is downloaded), a headless Java runtime for the Nu HTML Checker (vnu-jar),
# PostgreSQL (the comments store's tests start a server of their own with its programs), and rsync
# with OpenSSH's server and client (the deploy tests start an sshd of their own on a free port), and
# nginx (the README's server settings are tested by serving a built site with them).
set -euo pipefail
missing=()
[ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ] || missing+=(chromium)
command -v java >/dev/null 2>&1 || missing+=(default-jre-headless)
compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || missing+=(postgresql)
command -v rsync >/dev/null 2>&1 || missing+=(rsync)
[ -x /usr/sbin/sshd ] || missing+=(openssh-server)
command -v ssh >/dev/null 2>&1 || missing+=(openssh-client)
[ -x /usr/sbin/nginx ] || missing+=(nginx-light)
command -v git >/dev/null 2>&1 || missing+=(git)
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
