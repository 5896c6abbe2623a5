#!/usr/bin/env bash
# Writes what the service extracts from a fixed set of texts, one JSON file
# per text, so that a change meant to be a pure speed-up can be checked to
# change no output: take a snapshot before, one after, and diff the folders.
#
#   scripts/extract_snapshot.sh BUILD_DIR OUT_DIR [--gen N]
#
# Texts: corpus/articles/*.txt, tests/data/paragraphs/*.txt and, with
# --gen N, N documents written by bench/gen_corpus (seed 1) from the corpus.
# Each goes through the real path: `coalition extract --json` against a
# coalitiond started on an ipc socket in a temporary folder.
set -euo pipefail
if [ $# -lt 2 ]; then
  echo "usage: $0 BUILD_DIR OUT_DIR [--gen N]" >&2
  exit 2
fi
build=$(cd "$1" && pwd)
out=$2
gen=0
if [ "${3:-}" = "--gen" ]; then gen=${4:?--gen needs a count}; fi
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
tmp=$(mktemp -d)
server_pid=
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$tmp"
}
trap cleanup EXIT

mkdir -p "$out"
addr="ipc://$tmp/coalitiond.ipc"
"$build/service/coalitiond" --corpus "$root/corpus" --listen "$addr" --log-level warn &
server_pid=$!
for _ in $(seq 100); do
  "$build/client/coalition" --addr "$addr" health >/dev/null 2>&1 && break
  sleep 0.1
done
"$build/client/coalition" --addr "$addr" health >/dev/null

texts=("$root"/corpus/articles/*.txt "$root"/tests/data/paragraphs/*.txt)
if [ "$gen" -gt 0 ]; then
  "$build/bench/gen_corpus" --docs "$gen" --seed 1 --src "$root/corpus" "$tmp/gen" >/dev/null
  texts+=("$tmp"/gen/articles/*.txt)
fi
n=0
for f in "${texts[@]}"; do
  name=$(basename "$(dirname "$(dirname "$f")")")_$(basename "$(dirname "$f")")_$(basename "$f" .txt)
  "$build/client/coalition" --addr "$addr" --json extract --published 2020-01-01 "$f" >"$out/$name.json"
  n=$((n + 1))
done
echo "extract_snapshot: $n texts -> $out"
