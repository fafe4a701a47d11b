#!/usr/bin/env bash
# How mentorlog's own work grows with the log, counted in instructions (Valgrind's
# callgrind), which the machine's noise does not change: a cold build of each size, and
# the growth against the first size beside the growth of the notes.
#
#   tests/tools/growth.sh                          # 1,000 and 10,000 notes, both shapes
#   NOTES="10000 20000" SHAPES=warnings tests/tools/growth.sh
#   ML=/path/to/other/mentorlog tests/tools/growth.sh
#
# Wall time on a virtual machine grows faster than the work at 100,000 notes (fresh
# memory and file creation cost more there, see docs/performance.md); this tells the two
# apart. Under callgrind a build runs about 80 times slower on one thread: 10,000 notes
# take a minute or two, 100,000 about a quarter of an hour. Needs `valgrind`
# (apt-get install valgrind). The corpora are those of bench.sh, in the same WORK.
set -euo pipefail
cd "$(dirname "$0")/../.."
NOTES=${NOTES:-"1000 10000"}
SHAPES=${SHAPES:-"clean warnings"}
AUDIENCE=${AUDIENCE:-public}
if [ -z "${WORK:-}" ]; then
  if [ -d /dev/shm ] && [ -w /dev/shm ]; then WORK=/dev/shm/mentorlog-bench; else WORK=${TMPDIR:-/tmp}/mentorlog-bench; fi
fi
command -v valgrind >/dev/null || { echo "needs valgrind: apt-get install valgrind" >&2; exit 2; }
cargo build --release --quiet --bin mentorlog --example corpus
ML=${ML:-$PWD/target/release/mentorlog}
GEN=$PWD/target/release/examples/corpus
mkdir -p "$WORK"

printf "%-8s %-7s %16s %9s %9s\n" shape notes instructions "× notes" "× work"
for shape in $SHAPES; do
  first_n='' first_ir=''
  for n in $NOTES; do
    extra=()
    [ "$shape" = warnings ] && extra=(8 --warnings)
    [ -d "$WORK/ml-$shape-$n/content" ] || "$GEN" "$WORK/ml-$shape-$n" "$n" "${extra[@]}" >/dev/null
    rm -rf "$WORK/growth-out" "$WORK"/.growth-out.*
    valgrind --tool=callgrind --callgrind-out-file="$WORK/growth.cg" \
      "$ML" --root "$WORK/ml-$shape-$n" --quiet build --audience "$AUDIENCE" \
      --output "$WORK/growth-out" >/dev/null 2>&1
    # callgrind's summary line: "summary: <instructions>".
    ir=$(awk '/^summary:/ {print $2}' "$WORK/growth.cg")
    rm -rf "$WORK/growth-out" "$WORK/growth.cg"
    if [ -z "$first_n" ]; then
      first_n=$n first_ir=$ir
      printf "%-8s %-7s %16s\n" "$shape" "$n" "$ir"
    else
      printf "%-8s %-7s %16s %9.2f %9.2f\n" "$shape" "$n" "$ir" \
        "$(echo "$n / $first_n" | bc -l)" "$(echo "$ir / $first_ir" | bc -l)"
    fi
  done
done
