#!/usr/bin/env bash
# Packaging check on Debian/Ubuntu: build the frozen app and the .deb, install it with apt, start it offscreen
# from /usr/bin, remove it, and check nothing is left behind. Needs root (or sudo) and the project's .venv
# (.ci/run makes it). About a minute.
set -euo pipefail
cd "$(dirname "$0")/.."
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"

[ -x .venv/bin/python ] || { echo "no .venv: run the README's test command (or .ci/run) first" >&2; exit 2; }
.venv/bin/python -c "import PyInstaller" 2>/dev/null || .venv/bin/pip install -q 'pyinstaller>=6.5'

started=$(date +%s)
.venv/bin/python packaging/build.py
version=$(.venv/bin/python -c "import vision_desktop; print(vision_desktop.__version__)")
deb=$(ls dist/vision-desktop_"$version"_*.deb)

install() { $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "./$deb" >/dev/null; }
install || { $SUDO apt-get update -qq && install; }  # a fresh machine may lack the package lists
test -x /usr/bin/vision-desktop
test -f /usr/share/applications/vision-desktop.desktop
test -f /usr/share/icons/hicolor/256x256/apps/vision-desktop.png
home=$(mktemp -d)
out=$(QT_QPA_PLATFORM=offscreen VISION_DESKTOP_HOME="$home" timeout 10 /usr/bin/vision-desktop --smoke-test 2>"$home/stderr")
[ "$out" = "smoke test ok" ] || { echo "installed app: unexpected output: $out" >&2; exit 1; }
[ ! -s "$home/stderr" ] || { echo "installed app wrote errors:" >&2; cat "$home/stderr" >&2; exit 1; }
# Qt's own warnings (a plugin that fails to load, a missing library) go to the app's log, not to stderr
if grep -E ' (WARNING|ERROR|CRITICAL) ' "$home/logs/vision-desktop.log" >&2; then
    echo "installed app logged warnings (above)" >&2; exit 1
fi
/usr/bin/vision-desktop --version | grep -qx "vision-desktop $version"
# settings, keys and history live outside the install folder: nothing was written under /opt
[ -z "$(find /opt/vision-desktop -newer "$home" -type f 2>/dev/null | head -1)" ]

$SUDO env DEBIAN_FRONTEND=noninteractive apt-get remove -y -qq vision-desktop >/dev/null
[ ! -e /usr/bin/vision-desktop ] && [ ! -e /opt/vision-desktop ] && [ ! -e /usr/share/applications/vision-desktop.desktop ]
[ -z "$(find /usr/share/icons/hicolor -name 'vision-desktop.*' | head -1)" ]
# remove leaves dpkg's record of the maintainer scripts ("rc"); purge it so the machine is as it was
$SUDO dpkg --purge vision-desktop >/dev/null
rm -rf "$home"
echo "packaging check passed: $deb ($(du -h "$deb" | cut -f1)) built, installed, started, removed in $(( $(date +%s) - started )) s"
