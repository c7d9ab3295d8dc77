#!/usr/bin/env bash
# Debian's Chromium (driven by Playwright in the browser tests) and CJK fonts so that screenshots show Chinese text.
# Playwright's own browser download is not used: it cannot be fetched here, and Debian's build is maintained.
set -euo pipefail
# Count rather than `grep -q`: with pipefail, grep -q exiting early makes fc-list die of SIGPIPE and the test fail.
if [ -x /usr/bin/chromium ] && [ "$(fc-list 2>/dev/null | grep -ci 'cjk\|wqy')" -gt 0 ]; then
  exit 0
fi
if [ "$(id -u)" != "0" ]; then
  echo "browser tests need Debian's chromium and fonts-noto-cjk: sudo apt-get install chromium fonts-noto-cjk" >&2
  exit 1
fi
echo "==> installing Chromium and CJK fonts (apt-get)"
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium fonts-noto-cjk fontconfig >/dev/null
