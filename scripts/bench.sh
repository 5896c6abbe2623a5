#!/usr/bin/env bash
# Run the benchmark programs of a release build (what `make bench` calls).
# A bench program is an executable named bench_* anywhere under <build>/bench/.
# With no bench/ folder yet, says so and succeeds.
#   scripts/bench.sh [build-release]
set -euo pipefail
build=${1:-build-release}
root_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
if [ ! -f "$root_dir/bench/CMakeLists.txt" ]; then
  echo "bench: no bench/CMakeLists.txt yet, nothing to run"
  exit 0
fi
mapfile -t progs < <(find "$build/bench" -path '*/CMakeFiles' -prune -o \
                       -type f -name 'bench_*' -perm -u+x -print 2>/dev/null | sort)
if [ ${#progs[@]} -eq 0 ]; then
  echo "bench: no bench_* programs were built under $build/bench"
  exit 0
fi
cd "$root_dir"   # bench programs find corpus/ relative to the source tree
for p in "${progs[@]}"; do
  case $p in /*) ;; *) p="$root_dir/$p" ;; esac
  echo "== $(basename "$p")"
  "$p"
done
