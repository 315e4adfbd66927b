#!/usr/bin/env bash
# Starts the real onair binary in a real X server (Xvfb), photographs the screen from outside
# the process, and checks the picture is a window rather than a blank screen.
#   gui-screenshot.sh PATH/TO/onair OUT.png [ARGUMENTS FOR onair...]
# BEFORE_SHOT (optional): shell commands run in the X session once the window has painted,
# before the shot (clicks and keys from outside the process, with xdotool).
set -euo pipefail
gui=$1
out=$2
shift 2
mkdir -p "$(dirname "$out")"
rm -f "$out"
for tool in xvfb-run xwininfo import convert; do
    command -v "$tool" >/dev/null || { echo "missing $tool (Debian: xvfb x11-utils imagemagick)" >&2; exit 1; }
done
config=$(mktemp -d)
trap 'rm -rf "$config"' EXIT

# Inside the X session: start onair, wait for its window to map, let it paint, take the shot.
xvfb-run -a -s "-screen 0 1280x800x24" env -u WAYLAND_DISPLAY QT_QPA_PLATFORM=xcb \
    XDG_CONFIG_HOME="$config" bash -c '
    gui=$0 out=$1
    shift
    "$gui" "$@" & pid=$!
    for _ in $(seq 150); do
        xwininfo -root -tree 2>/dev/null | grep -q "OnAir\"" && break
        kill -0 $pid 2>/dev/null || { echo "onair exited before showing a window" >&2; exit 1; }
        sleep 0.1
    done
    xwininfo -root -tree | grep -q "OnAir\"" || { echo "no OnAir window appeared" >&2; kill $pid; exit 1; }
    sleep 1.5
    eval "${BEFORE_SHOT:-}"
    import -window root "$out"
    kill $pid; wait $pid 2>/dev/null || true
' "$gui" "$out" "$@"

[ -s "$out" ] || { echo "no screenshot was written" >&2; exit 1; }
# A blank screen has one colour and no spread; a studio window has many and a visible spread.
colours=$(convert "$out" -format '%k' info:)
spread=$(convert "$out" -colorspace Gray -format '%[fx:standard_deviation]' info:)
echo "screenshot: $out ($colours colours, grey-level deviation $spread)"
awk -v c="$colours" -v s="$spread" 'BEGIN { exit !(c > 50 && s > 0.05) }' || {
    echo "the screenshot looks blank" >&2
    exit 1
}
