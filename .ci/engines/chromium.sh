#!/usr/bin/env bash
# Headless Chromium and its chromedriver (Debian's chromium and chromium-driver) for cli's
# DashboardBrowserTest, driven by Selenium from Maven Central: no browser is downloaded.
set -euo pipefail
if command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1; then
  echo "chromium engine: $(chromium --version 2>/dev/null | head -1) already present" >&2
  exit 0
fi
apt-get install -y -qq -o DPkg::Lock::Timeout=900 --no-install-recommends chromium chromium-driver fonts-dejavu-core >/dev/null
chromium --version 2>/dev/null | head -1 >&2
