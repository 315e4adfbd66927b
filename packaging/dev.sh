#!/usr/bin/env bash
# OnAir's developer entry point on Debian 12: installs what is missing, builds, and runs.
#   packaging/dev.sh run     set up, build and open the studio (headless: the CLI's main job)
#   packaging/dev.sh test    set up, build and run the whole test suite (ctest)
#   packaging/dev.sh build   set up and build only
#   packaging/dev.sh bench   set up, build the release preset and run the benchmarks
#   packaging/dev.sh deps    install missing Debian packages only
# PRESET=asan|tsan|release|dev (default dev) picks the CMake preset for build and test.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
preset=${PRESET:-dev}
build_dir="$root/build/$preset"

# Everything the build, the studio and the tests need, by Debian package name.
packages=(
    # toolchain
    cmake g++ ninja-build ccache pkg-config clang-format git libbenchmark-dev libboost-dev
    # libraries OnAir links
    qt6-base-dev qt6-qpa-plugins libqt6svg6 portaudio19-dev libsndfile1-dev
    libavcodec-dev libavformat-dev libavutil-dev libswresample-dev libtag1-dev libebur128-dev
    libasound2-dev libjack-jackd2-dev
    # test tools: JACK dummy server, X server, screenshots, speech and audio fixtures,
    # independent readers of exports, desktop/AppStream validators, .deb building
    jackd2 xvfb xauth x11-utils xdotool imagemagick fonts-dejavu-core espeak-ng sox ffmpeg
    python3 python3-mutagen appstream desktop-file-utils dpkg-dev file procps
)

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

missing_packages() {
    local p
    for p in "${packages[@]}"; do
        dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed$' ||
            printf '%s\n' "$p"
    done
}

install_deps() {
    local missing
    mapfile -t missing < <(missing_packages)
    [ ${#missing[@]} -eq 0 ] && return 0 # everything present: no apt call at all
    say "Installing missing Debian packages: ${missing[*]}"
    local sudo=()
    if [ "$(id -u)" -ne 0 ]; then
        if command -v sudo >/dev/null; then
            sudo=(sudo)
        else
            echo "These packages are missing and I am not root (and there is no sudo):" >&2
            echo "  apt-get install ${missing[*]}" >&2
            exit 1
        fi
    fi
    export DEBIAN_FRONTEND=noninteractive
    "${sudo[@]}" apt-get update -qq
    "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
    mapfile -t missing < <(missing_packages)
    if [ ${#missing[@]} -ne 0 ]; then
        echo "Could not install: ${missing[*]}" >&2
        exit 1
    fi
}

build() {
    install_deps
    cd "$root"
    if [ ! -f "$build_dir/build.ninja" ]; then
        say "Configuring ($preset)"
        cmake --preset "$preset"
    fi
    say "Building ($preset)"
    cmake --build --preset "$preset"
}

has_display() {
    [ -n "${WAYLAND_DISPLAY:-}" ] && return 0
    [ -n "${DISPLAY:-}" ] && xset q >/dev/null 2>&1 && return 0
    [ -n "${DISPLAY:-}" ] && ! command -v xset >/dev/null && return 0
    return 1
}

# The demo episode, built once by the real CLI from resources/demo (kept between runs).
demo_episode="${XDG_DATA_HOME:-$HOME/.local/share}/OnAir/Demo.onair"

make_demo() {
    "$root/packaging/make-demo-episode.sh" "$build_dir/app/onair-cli" "$demo_episode" >&2 ||
        { say "Could not create the demo episode; continuing without it"; return 1; }
}

run() {
    build
    local have_demo=0
    make_demo && have_demo=1
    if has_display; then
        say "Starting the studio"
        # With no arguments the studio opens the demo episode; given arguments go to it as they are.
        if [ $# -eq 0 ] && [ $have_demo -eq 1 ]; then
            exec "$build_dir/ui/onair" "$demo_episode"
        fi
        exec "$build_dir/ui/onair" "$@"
    fi
    say "No display found (DISPLAY/WAYLAND_DISPLAY unset or unreachable): the studio window cannot open here."
    say "Running the headless job instead: onair-cli --version, devices, and info and export of the demo"
    "$build_dir/app/onair-cli" --version
    "$build_dir/app/onair-cli" devices
    if [ $have_demo -eq 1 ]; then
        "$build_dir/app/onair-cli" info "$demo_episode"
        local exported
        exported="$(dirname "$demo_episode")/Demo export"
        say "Exporting the demo episode to $exported"
        "$build_dir/app/onair-cli" export "$demo_episode" --format mp3,opus,m4a --out "$exported"
    fi
}

run_tests() {
    build
    cd "$root"
    say "Testing ($preset)"
    ctest --preset "$preset" -j "$(nproc)" "$@"
}

run_benchmarks() {
    preset=release
    build_dir="$root/build/$preset"
    build
    say "Benchmarks (release build)"
    local bench
    for bench in "$build_dir"/tests/bench_*; do
        [ -x "$bench" ] || continue
        say "$(basename "$bench")"
        "$bench"
    done
    say "export against ffmpeg's two-pass loudnorm (10 and 60 minutes)"
    "$root/tests/bench/export-vs-loudnorm.sh" "$build_dir/app/onair-cli" 10 60
}

case "${1:-}" in
run) shift; run "$@" ;;
test) shift; run_tests "$@" ;;
build) build ;;
bench) run_benchmarks ;;
deps) install_deps ;;
*)
    echo "usage: $0 run|test|build|bench|deps   (PRESET=dev|release|asan|tsan)" >&2
    exit 2
    ;;
esac
