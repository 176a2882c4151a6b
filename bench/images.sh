#!/usr/bin/env bash
# Build time of the generated corpus with 500 phone photos (4000×3000 JPEG,
# one per model, `image:` in its front matter) against the same corpus
# without them, with a cold image cache and with a warm one.
#
#   bench/images.sh                 default: 10,000 directives, RUNS=3
#   DIRECTIVES=1000 RUNS=5 bench/images.sh
#
# Needs: python3, ffmpeg (makes the photos), GNU time, a release build of noibo
# (built here). Corpora go to bench/corpus/.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
gen=${NOIBO_GEN_CORPUS:-$repo/../shared/bench/gen_corpus.py}
n=${DIRECTIVES:-10000}
runs=${RUNS:-3}
photos=500

command -v ffmpeg >/dev/null || { echo "ffmpeg missing: apt-get install ffmpeg" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "GNU time missing: apt-get install time" >&2; exit 2; }
(cd "$repo" && cargo build --release --quiet)
noibo="${CARGO_TARGET_DIR:-$repo/target}/release/noibo"
plain="$here/corpus/$n/noibo"
[ -d "$plain" ] || python3 "$gen" --directives "$n" --out "$here/corpus/$n" --only noibo --only hugo >/dev/null
with="$here/corpus/$n-images"
if [ ! -f "$with/.complete" ]; then
  rm -rf "$with"
  cp -r "$plain" "$with"
  # 500 different frames, so that no two photos share a cache entry.
  ffmpeg -loglevel error -f lavfi -i "testsrc2=size=4000x3000:rate=1" -frames:v "$photos" \
    -q:v 3 "$with/content/mo-hinh/anh-%03d.jpg"
  python3 - "$with/content/mo-hinh" "$photos" <<'PY'
import os, sys
folder, count = sys.argv[1], int(sys.argv[2])
models = sorted(f for f in os.listdir(folder) if f.endswith(".md") and f != "_index.md")
for k, name in enumerate(models[:count], 1):
    path = os.path.join(folder, name)
    text = open(path, encoding="utf-8").read()
    end = text.index("\n---\n")
    text = text[:end] + f"\nimage: mo-hinh/anh-{k:03d}.jpg" + text[end:]
    open(path, "w", encoding="utf-8").write(text)
PY
  touch "$with/.complete"
fi
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

timed() { /usr/bin/time -f '%e %M' "$@" 2>&1 >/dev/null | tail -n1; }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
# One build of corpus $1 into a fresh folder (removed outside the timing).
build() { rm -rf "$out/site"; sync; timed env -C "$1" "$noibo" build --output "$out/site"; }

build "$plain" >/dev/null; build "$with" >/dev/null   # warm the file cache
: >"$out/plain"; : >"$out/cold"; : >"$out/warm"
for _ in $(seq "$runs"); do   # alternate, so all see the same machine load
  build "$plain" >>"$out/plain"
  rm -rf "$with/.noibo-cache"
  build "$with" >>"$out/cold"
  build "$with" >>"$out/warm"
done
bytes=$(du -sb "$with/content/mo-hinh" | cut -f1)
printf '| corpus | median s | peak MiB |\n|---|---:|---:|\n'
for k in plain cold warm; do
  t=$(cut -d' ' -f1 "$out/$k" | median); m=$(cut -d' ' -f2 "$out/$k" | median)
  case $k in
    plain) label="$n directives, no photos" ;;
    cold) label="with $photos photos, image cache empty" ;;
    warm) label="with $photos photos, image cache warm" ;;
  esac
  printf '| %s | %.2f | %.0f |\n' "$label" "$t" "$(echo "$m / 1024" | bc -l)"
done
echo "photos: $photos, $((bytes / 1048576)) MiB of models folder"
