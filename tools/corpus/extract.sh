#!/usr/bin/env bash
# Extracts the development corpus (repos.tsv) from fetched mirrors into a folder outside the project:
#   tools/corpus/extract.sh [OUT=/tmp/devcorpus] [MIRRORS=/work/.mirror]
# Each unit becomes OUT/<unit>/ holding only the listed folders' *.cs files at the pinned commit.
# The mirrors come from the search tool's `fetch` (github:<owner>/<name>); nothing fetched is ever committed here.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=${1:-/tmp/devcorpus}
mirrors=${MIRRORS:-/work/.mirror}
mkdir -p "$out"
missing=0
while IFS=$'\t' read -r unit repo commit folders flags; do
  [[ -z "$unit" || "$unit" == \#* ]] && continue
  git_dir="$mirrors/${repo/\//+}/repo"
  [[ -d "$git_dir/.git" ]] && git_dir="$git_dir/.git"
  if ! git --git-dir="$git_dir" cat-file -e "$commit^{commit}" 2>/dev/null; then
    echo "missing: $repo@$commit (fetch github:$repo)" >&2; missing=$((missing + 1)); continue
  fi
  rm -rf "${out:?}/$unit"; mkdir -p "$out/$unit"
  includes=(); excludes=()
  IFS=',' read -ra parts <<< "$folders"
  for p in "${parts[@]}"; do
    if [[ "$p" == !* ]]; then excludes+=("${p#!}"); else includes+=("$p"); fi
  done
  git --git-dir="$git_dir" ls-tree -r --name-only "$commit" -- "${includes[@]}" | grep '\.cs$' | while read -r path; do
    skip=0; for e in "${excludes[@]+"${excludes[@]}"}"; do [[ "$path" == *"$e"* ]] && skip=1; done
    [[ $skip -eq 1 ]] && continue
    mkdir -p "$out/$unit/$(dirname "$path")"
    # snapshots lack files of 4 MiB and more: such a file is left out (and said so)
    git --git-dir="$git_dir" show "$commit:$path" > "$out/$unit/$path" 2>/dev/null || { rm -f "$out/$unit/$path"; echo "  absent from the snapshot: $path" >&2; }
  done
  echo "$unit: $(find "$out/$unit" -name '*.cs' | wc -l) files"
done < "$here/repos.tsv"
[[ $missing -eq 0 ]] || { echo "$missing repositories missing" >&2; exit 1; }
