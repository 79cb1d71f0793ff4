#!/usr/bin/env bash
# Installs what building and testing RiskBrief needs on Debian, when missing. As root it installs;
# otherwise it prints the exact command to run and fails.
# Usage: scripts/deps.sh app|test|package
set -euo pipefail
want=(libwebkit2gtk-4.1-dev)                       # the desktop app (pulls GTK, libsoup3, JavaScriptCore)
[ "${1:-app}" = test ] && want+=(qpdf poppler-utils fonts-noto-cjk chromium webkit2gtk-driver xvfb xauth)
[ "${1:-app}" = package ] && want+=(dpkg-dev)                # dpkg-shlibdeps, for the .deb's dependencies
need=()
for p in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || need+=("$p")
done
command -v npm >/dev/null || need+=(nodejs npm)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "deps: installing ${need[*]}" >&2
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  else
    echo "deps: please run: sudo apt-get install -y ${need[*]}" >&2
    exit 1
  fi
fi
