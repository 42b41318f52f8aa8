#!/usr/bin/env bash
# Scans the out-of-sample set (outofsample.tsv: repositories fetched but never made corpus units) as folders, one
# compilation each, and prints every diagnostic — to be read, as nothing there is labelled:
#   tools/corpus/outofsample.sh <LossAnalyzers.Scan.dll> [OUT=/tmp/oos] [MIRRORS=/work/.mirror]
# The code is extracted outside the project at the pinned commit; nothing fetched is ever committed here.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
scan=${1:?the built LossAnalyzers.Scan.dll}
out=${2:-/tmp/oos}
mirrors=${MIRRORS:-/work/.mirror}
mkdir -p "$out"
while IFS=$'\t' read -r repo commit; do
  [[ -z "$repo" || "$repo" == \#* ]] && continue
  git_dir="$mirrors/${repo/\//+}/repo"
  [[ -d "$git_dir/.git" ]] && git_dir="$git_dir/.git"
  if ! git --git-dir="$git_dir" cat-file -e "$commit^{commit}" 2>/dev/null; then
    echo "missing: $repo@$commit (fetch github:$repo)" >&2; continue
  fi
  dir="$out/${repo/\//+}"
  rm -rf "$dir"; mkdir -p "$dir"
  git --git-dir="$git_dir" archive "$commit" | tar -x -C "$dir" --wildcards '*.cs' 2>/dev/null || true
  echo "=== $repo"
  dotnet "$scan" "$dir" --implicit-usings 2>&1 | grep -E ": LOSS0|Analyzer exceptions: [1-9]|compiler errors" || true
done < "$here/outofsample.tsv"
