#!/usr/bin/env bash
# Photographs the real onair window under Xvfb with a 3-track episode open, then checks the
# picture shows a timeline: the demo episode (Host, Guest) from packaging/make-demo-episode.sh
# plus a 50 s sine music bed imported with the real onair-cli onto a third track, Music, at 2 s.
#   timeline-screenshot.sh PATH/TO/onair-cli PATH/TO/onair OUT.png
# Besides gui-screenshot.sh's blank-screen check: the timeline's dark background is there, and
# each track's waveform colour (its track colour lightened, as TimelinePainter draws it) covers
# a good number of pixels, so the peaks were built and drawn for all three tracks.
set -euo pipefail
cli=$1
gui=$2
out=$3
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
command -v ffmpeg >/dev/null || { echo "missing ffmpeg" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
episode="$tmp/Demo.onair"

"$root/packaging/make-demo-episode.sh" "$cli" "$episode"
ffmpeg -loglevel error -f lavfi -i "sine=f=220:d=50" -ar 48000 -ac 1 "$tmp/music-bed.wav"
"$cli" import "$episode" "$tmp/music-bed.wav" --track Music --at 2 2>/dev/null
"$cli" info "$episode" --json >"$tmp/info.json"
python3 - "$tmp/info.json" <<'PY'
import json, sys
names = [t["name"] for t in json.load(open(sys.argv[1]))["tracks"]]
if names != ["Host", "Guest", "Music"]:
    sys.exit("expected tracks Host, Guest, Music; got %s" % names)
PY

"$here/gui-screenshot.sh" "$gui" "$out" "$episode"

# Pixels within `fuzz` of a colour.
count() {
    convert "$out" -alpha off -fuzz "$2" -fill black +opaque "$1" -fill white -opaque "$1" \
        -colorspace Gray -format '%[fx:round(mean*w*h)]' info:
}
# TimelinePainter's colours: background #1c1d21; lanes #24262b and #212328; waveforms are the
# track colours #4a90d9, #4cb07a, #d98c4a lightened by QColor::lighter(140).
dark=$(count '#1c1d21' 2%)
lanes=$(($(count '#24262b' 1%) + $(count '#212328' 1%)))
echo "timeline background: $dark px; empty lane: $lanes px"
failed=0
[ "$dark" -gt 5000 ] || { echo "no dark timeline background" >&2; failed=1; }
[ "$lanes" -gt 20000 ] || { echo "no track lanes" >&2; failed=1; }
for track in "Host #88c2ff" "Guest #6af6ab" "Music #ffbf88"; do
    read -r name colour <<<"$track"
    n=$(count "$colour" 6%)
    echo "$name waveform ($colour): $n px"
    [ "$n" -gt 300 ] || { echo "the $name track shows no waveform" >&2; failed=1; }
done
exit $failed
