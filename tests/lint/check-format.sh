#!/usr/bin/env bash
# Fails when a tracked C++ file differs from what clang-format makes of it.
set -euo pipefail
clang_format=$1
root=$2
cd "$root"
mapfile -t files < <(git ls-files '*.cpp' '*.h' 2>/dev/null || find app audio ui tests -name '*.cpp' -o -name '*.h')
if [ ${#files[@]} -eq 0 ]; then
    echo "no C++ files found under $root" >&2
    exit 1
fi
"$clang_format" --dry-run --Werror "${files[@]}"
echo "${#files[@]} files follow .clang-format"
