#!/usr/bin/env bash
# The PDF tests read the text of the generated PDFs with pdftotext; without it they skip. Install Debian's
# poppler-utils when pdftotext is absent. Needs root (CI and the dev machines run as root); harmless otherwise.
set -euo pipefail
if command -v pdftotext >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" != "0" ]; then
  echo "pdftotext is missing, so the PDF text tests will skip; install it with: sudo apt-get install -y poppler-utils" >&2
  exit 0
fi
echo "Installing poppler-utils (pdftotext) from Debian's packages…"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends poppler-utils >/dev/null
command -v pdftotext
