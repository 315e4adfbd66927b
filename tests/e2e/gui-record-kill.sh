#!/usr/bin/env bash
# The real studio (onair under Xvfb) recording through the JACK fixture with the prompter
# reading a script, killed with SIGKILL mid-take once the prompter has added its chapters: the
# next open (onair-cli info) must put the take back on its track, with those chapters, and say so.
#   gui-record-kill.sh PATH/TO/onair-cli PATH/TO/onair
set -euo pipefail
cli=$1
gui=$2
for tool in xvfb-run xdotool python3; do
    command -v "$tool" >/dev/null || { echo "missing $tool" >&2; exit 1; }
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
episode="$tmp/Killed.onair"
"$cli" new "$episode" --title "Killed" >/dev/null
printf '# Opening\n\nHello and welcome.\n\n# News\n\nHere is the news of the day, told in a few plain words.\n' \
    >"$tmp/script.md"
"$cli" script "$episode" --import "$tmp/script.md" >/dev/null
# A settings file of its own: record through JACK (the fixture's server, from the environment).
mkdir -p "$tmp/config/OnAir"
printf '[audio]\nhostApi=JACK\n' >"$tmp/config/OnAir/OnAir.conf"

xvfb-run -a -s "-screen 0 1280x800x24" env -u WAYLAND_DISPLAY QT_QPA_PLATFORM=xcb \
    XDG_CONFIG_HOME="$tmp/config" bash -c '
    gui=$0 episode=$1
    "$gui" "$episode" & pid=$!
    window=
    for _ in $(seq 150); do
        window=$(xdotool search --onlyvisible --name "OnAir$" 2>/dev/null | head -1 || true)
        [ -n "$window" ] && break
        kill -0 $pid 2>/dev/null || { echo "onair exited before showing a window" >&2; exit 1; }
        sleep 0.1
    done
    [ -n "$window" ] || { echo "no OnAir window appeared" >&2; kill $pid; exit 1; }
    sleep 1.5
    # R records; the prompter starts after its 3 s countdown and adds a chapter per heading.
    xdotool mousemove 1100 600 click 1
    sleep 0.3
    xdotool key r
    for _ in $(seq 300); do
        grep -qs "\"News\"" "$episode"/audio/*.journal.json && break
        sleep 0.1
    done
    sleep 0.5
    kill -KILL $pid
    wait $pid 2>/dev/null || true
' "$gui" "$episode"

ls "$episode"/audio/*.journal.json >/dev/null 2>&1 || { echo "no take journal: the take never started" >&2; exit 1; }
"$cli" info "$episode" --json >"$tmp/info.json" 2>"$tmp/info.err"
cat "$tmp/info.err"
grep -q "was recovered after OnAir stopped: .* s on Host" "$tmp/info.err" || {
    echo "no recovery notice" >&2
    exit 1
}
python3 - "$tmp/info.json" <<'PY'
import json, sys
info = json.load(open(sys.argv[1]))
tracks = info["tracks"]
assert [t["name"] for t in tracks] == ["Host"], tracks
take = info["takes"][0]
assert take["status"] == "recovered", take
clips = tracks[0]["clips"]
assert len(clips) == 1 and clips[0]["length"] == take["frames"] > 48000, (clips, take)
chapters = [m for m in info["markers"] if m["kind"] == "chapter"]
assert [m["title"] for m in chapters] == ["Opening", "News"], info["markers"]
# Where the prompter put them: after its 3 s countdown (which starts a little before the
# stream delivers its first frames), inside the take.
assert all(2.5 <= m["at"] < take["seconds"] for m in chapters), chapters
assert info["duration"] > 3.0, info["duration"]
print("recovered %.2f s on Host with chapters %s" %
      (take["seconds"], ", ".join("%s at %.2f s" % (m["title"], m["at"]) for m in chapters)))
PY
