#!/usr/bin/env bash
# Builds the Linux packages — a .deb and an .rpm holding the desktop app and the riskbrief CLI —
# with the release profile, through Tauri's bundler (the npm @tauri-apps/cli in ui/). The .deb's
# dependencies are what dpkg-shlibdeps finds the two binaries need. Prints where the packages
# are. AppImage, MSI/NSIS and DMG: see docs/packaging.md.
# Usage: scripts/package.sh [deb,rpm]
set -euo pipefail
cd "$(dirname "$0")/.."
bundles=${1:-deb,rpm}
scripts/deps.sh package
(cd ui && npm ci --no-audit --no-fund --loglevel=error && npm run build --silent)
# Where cargo puts binaries (CARGO_TARGET_DIR or the workspace's target/).
target=$(cargo metadata --format-version 1 --no-deps | sed -n 's/.*"target_directory":"\([^"]*\)".*/\1/p')
tauri=../ui/node_modules/.bin/tauri
(cd src-tauri && $tauri build --ci --no-bundle -- --locked)
# The CLI with the desktop's feature set (its dependencies' features unified with Tauri's), so
# it reuses every dependency the desktop build just compiled instead of compiling them again.
cargo build --release --locked -p riskbrief -p riskbrief-desktop --features riskbrief-desktop/custom-protocol --bin riskbrief
cli="$target/release/riskbrief"
# The shared libraries both binaries link, as Debian package dependencies.
shl=$(mktemp -d)
mkdir "$shl/debian" && printf 'Source: riskbrief\n\nPackage: riskbrief\nArchitecture: any\n' > "$shl/debian/control"
depends=$(cd "$shl" && dpkg-shlibdeps -O "$cli" "$target/release/riskbrief-desktop" 2>/dev/null | sed -n 's/^shlibs:Depends=//p')
rm -rf "$shl"
[ -n "$depends" ] || { echo "package: dpkg-shlibdeps found no dependencies" >&2; exit 1; }
depends_json=$(printf '%s' "$depends" | sed 's/, /","/g; s/^/["/; s/$/"]/')
# The CLI goes into both packages as /usr/bin/riskbrief; its path is known only now.
config=$(printf '{"bundle":{"linux":{"deb":{"depends":%s,"files":{"/usr/bin/riskbrief":"%s"}},"rpm":{"files":{"/usr/bin/riskbrief":"%s"}}}}}' \
  "$depends_json" "$cli" "$cli")
(cd src-tauri && $tauri bundle --ci --bundles "$bundles" --config "$config")
# Tauri's bundler compresses the .deb's data with gzip and has no setting for it; dpkg-deb's own
# default, xz, packs the two binaries 27 % smaller. Rebuild the .deb with it (same files, modes,
# control and md5sums; root the owner of every file, as the bundler had it).
for deb in "$target"/release/bundle/deb/*.deb; do
  [ -e "$deb" ] || continue
  tree=$(mktemp -d)
  dpkg-deb -R "$deb" "$tree/pkg"
  dpkg-deb --root-owner-group -Zxz -b "$tree/pkg" "$deb.tmp" >/dev/null
  mv "$deb.tmp" "$deb"
  rm -rf "$tree"
done
for f in "$target"/release/bundle/deb/*.deb "$target"/release/bundle/rpm/*.rpm; do
  [ -e "$f" ] && echo "$f ($(du -k "$f" | cut -f1) KiB)"
done
