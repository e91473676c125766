#!/usr/bin/env bash
# The PDF tests read the text of the generated PDFs with pdftotext; without it they skip. Install Debian's
# poppler-utils when pdftotext is absent, with poppler-data (the CJK character maps: without them pdftotext
# reads the Chinese text of our papers as nothing). Needs root (CI and the dev machines run as root);
# harmless otherwise.
set -euo pipefail
has_data() { [ -d /usr/share/poppler/cMap ] || dpkg -s poppler-data >/dev/null 2>&1; }
if command -v pdftotext >/dev/null 2>&1 && has_data; then
  exit 0
fi
if [ "$(id -u)" != "0" ]; then
  echo "pdftotext or its CJK data is missing, so the PDF text tests may skip or fail; install them with: sudo apt-get install -y poppler-utils poppler-data" >&2
  exit 0
fi
echo "Installing poppler-utils (pdftotext) and poppler-data from Debian's packages…"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends poppler-utils poppler-data >/dev/null
command -v pdftotext
