#!/usr/bin/env bash
# The browser tests drive Debian's chromium (never a downloaded browser build). Install it, and a
# CJK font so Chinese pages render, when absent. Needs root (CI and the dev machines run as root).
set -euo pipefail
if command -v chromium >/dev/null 2>&1 && fc-list 2>/dev/null | grep -qi "wenquanyi\|wqy"; then
  exit 0
fi
if [ "$(id -u)" != "0" ]; then
  echo "chromium is missing; install it with: sudo apt-get install -y chromium fonts-wqy-zenhei" >&2
  exit 0
fi
echo "Installing chromium and fonts-wqy-zenhei from Debian's packages…"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends chromium fonts-wqy-zenhei fontconfig >/dev/null
command -v chromium
