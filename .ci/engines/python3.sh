#!/usr/bin/env bash
# python3 runs examples/plugins/python/plugin.py for rpc's PythonPluginInteropTest.
set -euo pipefail
if command -v python3 >/dev/null 2>&1; then
  echo "python3 engine: $(python3 --version 2>&1) already present" >&2
  exit 0
fi
apt-get install -y -qq python3 >/dev/null
python3 --version >&2
