#!/usr/bin/env bash
# Debian's LibreOffice (Writer and Calc, headless) for the plan report tests, which convert the generated DOCX and
# XLSX reports to PDF (`libreoffice --headless --convert-to pdf`) to prove they open without errors.
set -euo pipefail
if command -v libreoffice >/dev/null 2>&1 || command -v soffice >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" != "0" ]; then
  echo "report tests need Debian's LibreOffice: sudo apt-get install libreoffice-core libreoffice-writer libreoffice-calc" >&2
  exit 1
fi
echo "==> installing LibreOffice Writer and Calc (apt-get)"
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
  libreoffice-core libreoffice-writer libreoffice-calc fonts-noto-cjk >/dev/null
