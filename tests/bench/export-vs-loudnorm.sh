#!/usr/bin/env bash
# Export benchmark: OnAir's export of a speech episode to MP3 + Opus (render and analyse, try
# the limiter and both codecs on a one-minute sample, render again through the limiter into
# both encoders at once, decode both files to verify) against the usual ffmpeg workflow on the same mixdown: a
# `loudnorm` analysis pass, then one `loudnorm` pass per format. Same machine, same run.
# Also the peak resident memory of `onair-cli export` for each length (it should stay flat).
#   export-vs-loudnorm.sh PATH/TO/onair-cli MINUTES...     (e.g. 10 60)
set -euo pipefail
cli=$1
shift
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Wall time and peak RSS (kB) of one command, measured by a parent that waits for it alone.
measure() {
    python3 -c '
import resource, subprocess, sys, time
start = time.monotonic()
subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
print("%.2f %d" % (time.monotonic() - start, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss))
' "$@"
}

# Speech: the demo episode's three espeak-ng voices (57 s) one after another, looped to each
# length, 48 kHz mono.
d="$root/resources/demo"
ffmpeg -v error -i "$d/1-host.opus" -i "$d/2-guest.opus" -i "$d/3-host.opus" \
    -filter_complex "[0][1][2]concat=n=3:v=0:a=1,aresample=48000" -c:a flac "$work/speech.flac"

for minutes in "$@"; do
    seconds=$((minutes * 60))
    episode="$work/bench-$minutes.onair"
    ffmpeg -v error -stream_loop -1 -i "$work/speech.flac" -t "$seconds" -c:a flac "$work/voice-$minutes.flac"
    "$cli" new "$episode" --title "Bench $minutes" >/dev/null
    "$cli" import "$episode" "$work/voice-$minutes.flac" --track Host --at 0 >/dev/null 2>&1

    read -r ours ours_rss < <(measure "$cli" export "$episode" --format mp3,opus --out "$work/ours-$minutes")

    # The peer starts from the same mixdown: the one voice at unity gain, as stereo (not timed).
    mix="$work/mix-$minutes.wav"
    ffmpeg -v error -i "$work/voice-$minutes.flac" -ac 2 -c:a pcm_f32le "$mix"
    # ... pass 1: measure; pass 2: one loudnorm pass per format, like most podcast scripts.
    peer_start=$(date +%s.%N)
    stats=$(ffmpeg -hide_banner -nostats -i "$mix" -af loudnorm=I=-16:TP=-1:LRA=11:print_format=json -f null - 2>&1 |
        sed -n '/^{/,/^}/p')
    get() { printf '%s' "$stats" | python3 -c "import json,sys; print(json.load(sys.stdin)['$1'])"; }
    filter="loudnorm=I=-16:TP=-1:LRA=11:measured_I=$(get input_i):measured_TP=$(get input_tp):measured_LRA=$(get input_lra):measured_thresh=$(get input_thresh):offset=$(get target_offset):linear=true"
    ffmpeg -v error -y -i "$mix" -af "$filter" -ar 48000 -c:a libmp3lame -b:a 128k "$work/peer-$minutes.mp3"
    ffmpeg -v error -y -i "$mix" -af "$filter" -ar 48000 -c:a libopus -b:a 96k "$work/peer-$minutes.opus"
    peer=$(python3 -c "import time; print('%.2f' % (time.time() - $peer_start))")

    ratio=$(python3 -c "print('%.2f' % ($ours / $peer))")
    # What both deliver, as ffmpeg's ebur128 filter measures the decoded files.
    for f in "$work/ours-$minutes/Bench $minutes.mp3" "$work/ours-$minutes/Bench $minutes.opus" \
        "$work/peer-$minutes.mp3" "$work/peer-$minutes.opus"; do
        ffmpeg -nostats -i "$f" -af ebur128=peak=true -f null - 2>&1 |
            awk -v f="$(basename "$f")" '/I:/ { i = $2 } /Peak:/ { p = $2 } END { printf "    %-18s %6.1f LUFS %5.1f dBTP\n", f, i, p }'
    done
    printf '%3d min episode: OnAir export %6.2f s (peak RSS %d MB), ffmpeg loudnorm two-pass %6.2f s: ratio %sx its time (goal <= 0.2x)\n' \
        "$minutes" "$ours" "$((ours_rss / 1024))" "$peer" "$ratio"
done
