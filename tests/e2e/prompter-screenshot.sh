#!/usr/bin/env bash
# Photographs the real onair window under Xvfb with the demo episode open, after a click on the
# teleprompter and the PageDown a foot pedal sends: the prompter must show the next section's
# heading ("Welcome") at its reading line. Keys go in from outside the process (xdotool).
#   prompter-screenshot.sh PATH/TO/onair-cli PATH/TO/onair OUT.png
# Checks: the reading band (the prompter's translucent white over black, #202020) is there,
# and heading-coloured ink (#6cd0ff, lighter under the band) lies across it.
set -euo pipefail
cli=$1
gui=$2
out=$3
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
command -v xdotool >/dev/null || { echo "missing xdotool (Debian: xdotool)" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
episode="$tmp/Demo.onair"
"$root/packaging/make-demo-episode.sh" "$cli" "$episode" >/dev/null

# The prompter dock is on the right: click into it, photograph it, then the pedal key for "next
# section". At the start the script's title (a heading too) is on the reading line, so the
# check below also needs the band to have changed: proof the key arrived.
export FIRST_SHOT="$tmp/first.png"
BEFORE_SHOT='xdotool mousemove 1100 600 click 1; sleep 0.3; import -window root "$FIRST_SHOT"
    xdotool key Next; sleep 1' "$here/gui-screenshot.sh" "$gui" "$out" "$episode"

# The right-hand 400 px hold the prompter. Rows of the reading band: the band colour at the
# dock's left edge (outside the text and the arrows). Ink in those rows: heading blue.
convert "$out" -crop 400x800+880+0 +repage "$tmp/prompter.png"
convert "$tmp/prompter.png" -crop 1x800+2+0 +repage txt:- | awk -F'[ ,:]+' 'NR > 1 && /#20202[0-9A-F]|#1F1F1F|#212121/ { print $2 }' >"$tmp/band-rows"
rows=$(wc -l <"$tmp/band-rows")
[ "$rows" -gt 10 ] || { echo "no reading band in the prompter" >&2; exit 1; }
top=$(head -1 "$tmp/band-rows")
bottom=$(tail -1 "$tmp/band-rows")
convert "$tmp/prompter.png" -crop "400x$((bottom - top + 1))+0+$top" +repage "$tmp/band.png"
blue=$(convert "$tmp/band.png" -alpha off -fuzz 12% -fill black +opaque '#7dd5ff' -fill white -opaque '#7dd5ff' \
    -colorspace Gray -format '%[fx:round(mean*w*h)]' info:)
convert "$FIRST_SHOT" -crop 400x800+880+0 +repage -crop "400x$((bottom - top + 1))+0+$top" +repage \
    "$tmp/band-before.png"
changed=$(compare -metric AE -fuzz 10% "$tmp/band-before.png" "$tmp/band.png" null: 2>&1 || true)
echo "prompter: reading band rows $top-$bottom, heading ink across it: $blue px," \
    "$changed px changed by the key"
[ "$blue" -gt 300 ] || { echo "no section heading at the reading line" >&2; exit 1; }
[ "${changed%%.*}" -gt 300 ] 2>/dev/null || { echo "the key did not move the prompter" >&2; exit 1; }
