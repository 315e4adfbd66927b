#!/usr/bin/env bash
# Builds OnAir's demo episode from resources/demo with the real onair-cli: the Host and Guest
# speech imported onto their tracks, taking turns, one chapter per section of script.md (titled
# as its headings, so the prompter finds them), and script.md as the episode's script.
#   packaging/make-demo-episode.sh ONAIR_CLI OUTPUT.onair
# Idempotent: the episode is built in a temporary folder beside OUTPUT and renamed into place
# only when complete, so an existing OUTPUT is a finished demo and is left as it is.
set -euo pipefail

if [ $# -ne 2 ]; then
    echo "usage: $0 ONAIR_CLI OUTPUT.onair" >&2
    exit 2
fi
cli=$1
out=${2%/}
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
demo="$root/resources/demo"
# The speech in the order it is heard: file and track. Each part starts where the one before
# ends (import's default); the files begin with a short pause, so the voices take turns.
parts=("1-host.opus Host" "2-guest.opus Guest" "3-host.opus Host")

if [ -e "$out" ]; then
    if [ -f "$out/episode.json" ] && [ -f "$out/script.md" ] && "$cli" info "$out" >/dev/null; then
        echo "The demo episode is already at $out"
        exit 0
    fi
    echo "$out exists but is not a complete demo episode; remove it or choose another folder" >&2
    exit 1
fi

mkdir -p "$(dirname "$out")"
work=$(mktemp -d "$(dirname "$out")/.onair-demo.XXXXXX")
log="$work/log"
trap 'rm -rf "$work"' EXIT
episode="$work/$(basename "$out")"

# Runs the CLI with its progress lines in the log, shown only when something fails.
run_cli() {
    if ! "$cli" "$@" 2>>"$log"; then
        cat "$log" >&2
        echo "$0: onair-cli $1 failed" >&2
        exit 1
    fi
}

mapfile -t titles < <(sed -n 's/^## *//p' "$demo/script.md")
if [ ${#titles[@]} -ne ${#parts[@]} ]; then
    echo "$0: script.md has ${#titles[@]} sections for ${#parts[@]} speech files" >&2
    exit 1
fi

run_cli new "$episode" --title "OnAir Sessions: a tour of the studio" >/dev/null
for i in "${!parts[@]}"; do
    read -r file track <<<"${parts[$i]}"
    placed=$(run_cli import "$episode" "$demo/$file" --track "$track")
    # "Placed c1 on track "Host": 0.000 s - 18.159 s  (audio/...)": the chapter starts there.
    start=$(sed -n 's/^Placed .*": \([0-9.]*\) s - .*/\1/p' <<<"$placed")
    if [ -z "$start" ]; then
        echo "$0: cannot read where onair-cli placed $file: $placed" >&2
        exit 1
    fi
    run_cli chapter "$episode" --at "$start" --title "${titles[$i]}" >/dev/null
done
run_cli script "$episode" --import "$demo/script.md" >/dev/null

mv -T "$episode" "$out"
echo "Created the demo episode at $out"
