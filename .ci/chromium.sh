#!/usr/bin/env bash
# Installs Debian's chromium for the dashboard's browser tests (tests/test_dashboard_browser.py)
# and the first-render figure of `make bench`, when it is missing. CI runs as root on a fresh
# Debian machine; nothing is downloaded at test time.
set -euo pipefail
if command -v chromium >/dev/null 2>&1; then
    exit 0
fi
# Another apt run (an image's own setup) may hold the lock: wait for it rather than fail.
apt-get -o DPkg::Lock::Timeout=600 update
DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y chromium
chromium --version
