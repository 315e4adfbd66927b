#!/usr/bin/env bash
# Makes the demo episode's speech from script.md with espeak-ng: one file per section
# (N-host.opus / N-guest.opus), 48 kHz mono Opus at 24 kb/s with 3 dB of headroom, a short
# pause before each.
# Run once by hand when the script changes; the results are committed, so builds do not need
# espeak-ng. Usage: resources/demo/generate-speech.sh
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

voice_for() {
    case "$1" in
    Host) echo "en-us" ;;
    Guest) echo "en-gb+f4" ;;
    *) echo "unknown speaker '$1' in script.md" >&2; exit 1 ;;
    esac
}

# "Host: text" lines, grouped by the "## Title" section they are under (numbered in order). The speech says
# "On Air" where the text says OnAir, so espeak-ng does not spell it.
section=0
speaker=
: >"$tmp/order"
while IFS= read -r line; do
    if [[ $line =~ ^##\  ]]; then
        section=$((section + 1))
    elif [[ $line =~ ^(Host|Guest):\ (.*)$ ]]; then
        speaker=${BASH_REMATCH[1]}
        name="$section-${speaker,,}"
        grep -qx "$name $speaker" "$tmp/order" || echo "$name $speaker" >>"$tmp/order"
        printf '%s\n' "${BASH_REMATCH[2]//OnAir/On Air}" >>"$tmp/$name.txt"
    fi
done <"$here/script.md"

while read -r name speaker; do
    espeak-ng -v "$(voice_for "$speaker")" -s 165 -g 6 -f "$tmp/$name.txt" -w "$tmp/$name.wav" </dev/null
    # A pause before each part, so the parts placed end to end take turns like people do.
    ffmpeg -nostdin -v error -y -i "$tmp/$name.wav" -af "adelay=400,volume=-3dB,aresample=48000" -ac 1 \
        -c:a libopus -b:a 24k -application voip "$here/$name.opus"
    echo "$here/$name.opus"
done <"$tmp/order"
