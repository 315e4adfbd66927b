#!/usr/bin/env bash
# Export benchmark: OnAir's export of a speech episode to MP3 + Opus (render, analyse, limit,
# encode both at once, verify) against the usual ffmpeg workflow on the same mixdown: a
# `loudnorm` analysis pass, then one `loudnorm` pass per format. Same machine, same run.
# Also the peak resident memory of `onair-cli export` for each length (it should stay flat).
#   export-vs-loudnorm.sh PATH/TO/onair-cli MINUTES...     (e.g. 10 60)
set -euo pipefail
cli=$1
shift
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

for minutes in "$@"; do
    seconds=$((minutes * 60))
    episode="$work/bench-$minutes.onair"
    # Speech-like: pink noise under a ~4 Hz syllable envelope, with pauses, 48 kHz mono.
    ffmpeg -v error -f lavfi -i "anoisesrc=d=$seconds:c=pink:r=48000:a=0.2" \
        -af "tremolo=f=4:d=0.9,tremolo=f=0.25:d=0.6" -c:a flac "$work/voice-$minutes.flac"
    "$cli" new "$episode" --title "Bench $minutes" >/dev/null
    "$cli" import "$episode" "$work/voice-$minutes.flac" --track Host --at 0 >/dev/null 2>&1

    read -r ours ours_rss < <(measure "$cli" export "$episode" --format mp3,opus --out "$work/ours-$minutes")

    # The peer starts from the same mixdown (rendered by OnAir, not timed) ...
    mix="$work/mix-$minutes.wav"
    ffmpeg -v error -i "$work/ours-$minutes/Bench $minutes.mp3" -ar 48000 -ac 2 -c:a pcm_s16le "$mix" 2>/dev/null ||
        ffmpeg -v error -i "$work/voice-$minutes.flac" -ac 2 "$mix"
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
    printf '%3d min episode: OnAir export %6.2f s (peak RSS %d MB), ffmpeg loudnorm two-pass %6.2f s: ratio %sx its time (goal <= 0.2x)\n' \
        "$minutes" "$ours" "$((ours_rss / 1024))" "$peer" "$ratio"
done
