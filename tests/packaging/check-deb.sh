#!/usr/bin/env bash
# Builds the Debian package with CPack and checks that it installs what a desktop needs and
# declares its run-time dependencies.
set -euo pipefail
build=$1
out=$2
rm -rf "$out"
mkdir -p "$out"
cpack --config "$build/CPackConfig.cmake" -G DEB -B "$out" >"$out/cpack.log" 2>&1 || {
    cat "$out/cpack.log" >&2
    exit 1
}
deb=$(ls "$out"/*.deb)
depends=$(dpkg-deb -f "$deb" Depends)
echo "package: $(basename "$deb")"
echo "Depends: $depends"
status=0
for lib in libportaudio2 libsndfile1 libavcodec libavformat libtag1v5 libebur128 libqt6widgets6 qt6-qpa-plugins libqt6svg6; do
    if ! grep -q "$lib" <<<"$depends"; then
        echo "missing dependency: $lib" >&2
        status=1
    fi
done
contents=$(dpkg-deb -c "$deb")
for path in ./usr/bin/onair ./usr/bin/onair-cli \
    ./usr/share/applications/org.onair.OnAir.desktop \
    ./usr/share/metainfo/org.onair.OnAir.metainfo.xml \
    ./usr/share/icons/hicolor/scalable/apps/org.onair.OnAir.svg; do
    if ! grep -q " $path\$" <<<"$contents"; then
        echo "missing from package: $path" >&2
        status=1
    fi
done
exit $status
