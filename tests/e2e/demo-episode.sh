#!/usr/bin/env bash
# Builds the demo episode with packaging/make-demo-episode.sh and the real onair-cli, then
# checks what `onair-cli info --json` says about it; a second run must leave it untouched and
# a foreign folder at the output must be refused, not replaced.
#   demo-episode.sh PATH/TO/onair-cli
set -euo pipefail
cli=$1
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
make_demo="$root/packaging/make-demo-episode.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
out="$tmp/shows/Demo.onair"

"$make_demo" "$cli" "$out"
"$cli" info "$out" --json >"$tmp/info.json"
sed -n 's/^## *//p' "$root/resources/demo/script.md" >"$tmp/titles"

python3 - "$tmp/info.json" "$tmp/titles" <<'PY'
import json, sys
info = json.load(open(sys.argv[1]))
titles = open(sys.argv[2], encoding="utf-8").read().splitlines()
problems = []
def check(ok, what):
    if not ok:
        problems.append(what)
tracks = info["tracks"]
check([t["name"] for t in tracks] == ["Host", "Guest"], "tracks are Host and Guest: %s" % [t["name"] for t in tracks])
clips = sorted((c for t in tracks for c in t["clips"]), key=lambda c: c["start"])
check(len(clips) >= 3, "at least 3 clips, got %d" % len(clips))
chapters = [m for m in info["markers"] if m["kind"] == "chapter"]
check(len(chapters) == 3, "3 chapters, got %d" % len(chapters))
check([m["title"] for m in chapters] == titles, "chapter titles %s match script.md %s" % ([m["title"] for m in chapters], titles))
# The script places chapters at the start import prints, which is rounded to the millisecond.
check(all(abs(m["at"] - c["start"]) <= 0.0005 for m, c in zip(chapters, clips)),
      "each chapter starts with its part: %s vs %s" % ([m["at"] for m in chapters], [c["start"] for c in clips]))
check(info["duration"] > 10, "longer than 10 s, got %s" % info["duration"])
for a, b in zip(clips, clips[1:]):
    check(a["end"] <= b["start"] + 1e-9, "parts do not overlap: %s then %s" % (a["id"], b["id"]))
check(len(info["imports"]) == 3, "3 imports")
check(info["sampleRate"] == 48000, "48 kHz")
# The script is the episode's: its sections are the chapters (and the title heading above them).
sections = [s["title"] for s in info.get("scriptSections", [])]
check(info.get("script") == "script.md", "the episode names script.md: %s" % info.get("script"))
check(sections[1:] == titles, "script sections %s end with the chapters %s" % (sections, titles))
check(all(s["words"] > 0 for s in info.get("scriptSections", [])[1:]), "every section has words")
if problems:
    print("demo episode is wrong:\n  " + "\n  ".join(problems), file=sys.stderr)
    sys.exit(1)
print("demo episode: %d tracks, %d clips, %d chapters, %.1f s" % (len(tracks), len(clips), len(chapters), info["duration"]))
PY

for f in audio/import-1-1-host.flac audio/import-2-2-guest.flac audio/import-3-3-host.flac script.md; do
    [ -f "$out/$f" ] || { echo "missing $f in the demo episode" >&2; exit 1; }
done
grep -q "^Host: Welcome to OnAir Sessions" "$out/script.md" || { echo "script.md lost its text" >&2; exit 1; }

# Idempotent: the second run does nothing.
cp "$out/episode.json" "$tmp/before.json"
"$make_demo" "$cli" "$out" | grep -q "already" || { echo "second run did not see the demo" >&2; exit 1; }
cmp -s "$out/episode.json" "$tmp/before.json" || { echo "second run changed episode.json" >&2; exit 1; }
[ -z "$(find "$tmp/shows" -name '.onair-demo.*')" ] || { echo "temporary folder left behind" >&2; exit 1; }

# A folder that is not the demo is never replaced.
mkdir -p "$tmp/Other.onair"
echo keep >"$tmp/Other.onair/notes.txt"
if "$make_demo" "$cli" "$tmp/Other.onair" 2>/dev/null; then
    echo "an unrelated folder was accepted as the demo" >&2
    exit 1
fi
[ "$(cat "$tmp/Other.onair/notes.txt")" = keep ] || { echo "an unrelated folder was changed" >&2; exit 1; }
echo "demo episode: OK"
