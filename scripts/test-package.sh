#!/usr/bin/env bash
# Builds the .deb and .rpm (scripts/package.sh) and tests the .deb as IT and a user meet it:
# lintian, the declared dependencies, install with apt, the installed CLI, the desktop entry and
# the .riskbrief file type, the installed app started under Xvfb with a fresh HOME (it creates its
# database from the bundled sample and shows the portfolio), a bundle opened from the file
# manager (WebDriver), an upgrade that keeps the user's database, and removal that leaves it.
# Needs root (it installs the package). Prints the sizes and the cold start it measured.
set -euo pipefail
cd "$(dirname "$0")/.."
[ "$(id -u)" = 0 ] || { echo "test-package: run as root (it installs and removes the package)" >&2; exit 1; }
need=()
for p in lintian rpm x11-utils imagemagick xvfb xauth desktop-file-utils shared-mime-info; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || need+=("$p")
done
if [ ${#need[@]} -gt 0 ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
fail() { echo "test-package: FAILED: $*" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Build.
start=$(date +%s)
scripts/package.sh deb,rpm
echo "test-package: packages built in $(( $(date +%s) - start )) s"
target=$(cargo metadata --format-version 1 --no-deps | sed -n 's/.*"target_directory":"\([^"]*\)".*/\1/p')
deb=$(ls "$target"/release/bundle/deb/riskbrief_*_amd64.deb)
rpm=$(ls "$target"/release/bundle/rpm/riskbrief-*.rpm)

# The packages: size, metadata, dependencies, contents, lintian.
deb_kib=$(du -k "$deb" | cut -f1)
[ "$deb_kib" -lt $((15 * 1024)) ] || fail "the .deb is $deb_kib KiB, over 15 MiB"
members=$(ar t "$deb")
echo "$members" | grep -qx data.tar.xz || fail "the .deb's data is not xz: $members"
control=$(dpkg-deb -f "$deb")
echo "$control"
echo "$control" | grep -q '^Package: riskbrief$' || fail "package name"
depends=$(dpkg-deb -f "$deb" Depends)
for d in libwebkit2gtk-4.1-0 libgtk-3-0; do
  echo "$depends" | grep -q "$d" || fail "Depends lacks $d: $depends"
done
echo "$depends" | grep -q -- '-dev' && fail "Depends names a -dev package: $depends"
contents=$(dpkg-deb -c "$deb")
for f in usr/bin/riskbrief usr/bin/riskbrief-desktop usr/share/applications/riskbrief.desktop \
  usr/share/mime/packages/riskbrief.xml usr/share/doc/riskbrief/copyright usr/share/doc/riskbrief/changelog.gz; do
  echo "$contents" | grep -qE " (\./)?$f\$" || fail "the .deb lacks /$f"
done
# (Outputs are read whole before grep: `grep -q` in a pipe would close it early, and pipefail
# would then fail the check.)
requires=$(rpm -qp --requires "$rpm" 2>/dev/null)
echo "$requires" | grep -q webkit2gtk4.1 || fail "the .rpm does not require webkit2gtk4.1"
rpm_files=$(rpm -qlp "$rpm" 2>/dev/null)
echo "$rpm_files" | grep -qx /usr/bin/riskbrief || fail "the .rpm lacks /usr/bin/riskbrief"
lintian --fail-on error --tag-display-limit 0 "$deb" > "$work/lintian.txt" || { cat "$work/lintian.txt"; fail "lintian errors"; }
echo "test-package: lintian: no errors; $(grep -c '^W:' "$work/lintian.txt" || true) warnings:"
sed -n 's/^W: /  /p' "$work/lintian.txt"

# Install, as IT would.
dpkg -s riskbrief >/dev/null 2>&1 && apt-get remove -y -qq riskbrief >/dev/null
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$deb" >/dev/null
installed_kib=$(dpkg-query -W -f='${Installed-Size}' riskbrief)
version=$(dpkg-query -W -f='${Version}' riskbrief)
[ "$(command -v riskbrief)" = /usr/bin/riskbrief ] || fail "riskbrief is not on the PATH"
cli_version=$(riskbrief --version)
echo "$cli_version" | grep -q "$version" || fail "riskbrief --version: $cli_version"
shown=$(riskbrief --db "$work/cli.db" show deepseek)
echo "$shown" | grep -q "Hangzhou DeepSeek" || fail "the installed CLI does not show DeepSeek"
desktop-file-validate /usr/share/applications/riskbrief.desktop || fail "the desktop entry is invalid"
grep -qx 'Exec=riskbrief-desktop %f' /usr/share/applications/riskbrief.desktop || fail "the desktop entry does not pass the file"
grep -q '^MimeType=application/x-riskbrief-bundle;' /usr/share/applications/riskbrief.desktop || fail "no MimeType"
grep -q '^Categories=Office;Finance;' /usr/share/applications/riskbrief.desktop || fail "Categories"
grep -q 'application/x-riskbrief-bundle:\*\.riskbrief' /usr/share/mime/globs2 || fail ".riskbrief is not a registered file type"
[ -e /usr/share/icons/hicolor/512x512/apps/riskbrief-desktop.png ] || ls /usr/share/icons/hicolor/*/apps/riskbrief-desktop.png >/dev/null \
  || fail "no icon"

# First launch, as a user with a fresh HOME: the database is created from the sample, the
# portfolio shown (the app prints when the first data is on screen), the window titled.
home="$work/home"
mkdir -p "$home"
db="$home/.local/share/riskbrief/riskbrief.db"
env -u XDG_DATA_HOME -u RISKBRIEF_DB HOME="$home" xvfb-run -a -s "-screen 0 1280x900x24" bash -c '
  riskbrief-desktop > "$0/app.log" 2>&1 & app=$!
  for _ in $(seq 1 240); do grep -q "first data on screen" "$0/app.log" && break; sleep 0.25; done
  sleep 1
  xwininfo -root -tree > "$0/windows.txt"
  import -window root "$0/installed-app.png"
  kill -TERM $app; wait $app || true' "$work"
cat "$work/app.log"
grep -q "first data on screen" "$work/app.log" || fail "the installed app showed no data"
grep -q '"RiskBrief"' "$work/windows.txt" || fail "no window titled RiskBrief"
[ -s "$db" ] || fail "the app did not create $db"
companies=$(riskbrief --db "$db" --json list | grep -o '"slug"' | wc -l)
[ "$companies" -eq 10 ] || fail "the created database holds $companies companies, not the sample's 10"
cold_ms=$(sed -n 's/.*first data on screen after \([0-9]*\) ms.*/\1/p' "$work/app.log")
mkdir -p "$target/package-test" && cp "$work/installed-app.png" "$target/package-test/"

# A bundle opened from the file manager: the installed app's import preview, through WebDriver.
command -v tauri-driver >/dev/null || [ -x "$HOME/.cargo/bin/tauri-driver" ] \
  || cargo install tauri-driver --version '^2' --locked --quiet
RISKBRIEF_APP=/usr/bin/riskbrief-desktop PATH="$HOME/.cargo/bin:$PATH" xvfb-run -a \
  cargo test --locked -p riskbrief-desktop --test e2e -- a_bundle_opened_from_the_file_manager

# Upgrade (the same build as version +1, repacked): the user's database stays and opens.
repack="$work/repack"
dpkg-deb -R "$deb" "$repack"
sed -i "s/^Version: .*/Version: $version.1/" "$repack/DEBIAN/control"
dpkg-deb -b -Zxz "$repack" "$work/riskbrief_upgrade.deb" >/dev/null
before=$(sha256sum "$db")
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$work/riskbrief_upgrade.deb" >/dev/null
[ "$(dpkg-query -W -f='${Version}' riskbrief)" = "$version.1" ] || fail "the upgrade did not install"
[ "$(sha256sum "$db")" = "$before" ] || fail "the upgrade changed the user's database"
riskbrief --db "$db" show deepseek >/dev/null || fail "the upgraded CLI cannot open the user's database"

# Removal leaves the user's data.
apt-get remove -y -qq riskbrief >/dev/null
[ ! -e /usr/bin/riskbrief ] && [ ! -e /usr/bin/riskbrief-desktop ] || fail "removal left the binaries"
[ -s "$db" ] || fail "removal deleted the user's database"

echo
echo "test-package: passed"
echo "  .deb: $deb_kib KiB ($(basename "$deb")), installed size $installed_kib KiB"
echo "  .rpm: $(du -k "$rpm" | cut -f1) KiB ($(basename "$rpm"))"
echo "  cold start of the installed app to first data: $cold_ms ms"
echo "  screenshot: $target/package-test/installed-app.png"
