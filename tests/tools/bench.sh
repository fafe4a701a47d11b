#!/usr/bin/env bash
# Whole-process benchmark: mentorlog against Hugo on the same generated notes.
#
#   tests/tools/bench.sh              # 1,000 and 10,000 notes, 5 runs each, alternating
#   NOTES="1000" RUNS=9 tests/tools/bench.sh
#   AUDIENCE=public tests/tools/bench.sh   # mentorlog builds only public sessions (default: all,
#                                          # every note, as Hugo does)
#
# Prints the median wall time, CPU time (user + system) and peak memory (max RSS) of each
# tool and the ratios mentorlog / Hugo. Needs Debian's `hugo` and `time` packages. The
# machine is noisy: the tools run alternately, and medians are quoted.
set -euo pipefail
cd "$(dirname "$0")/../.."
NOTES=${NOTES:-"1000 10000"}
RUNS=${RUNS:-5}
AUDIENCE=${AUDIENCE:-all}
WORK=${WORK:-${TMPDIR:-/tmp}/mentorlog-bench}
command -v hugo >/dev/null || { echo "needs hugo: apt-get install hugo" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "needs /usr/bin/time: apt-get install time" >&2; exit 2; }
cargo build --release --quiet --bin mentorlog --example corpus
ML=$PWD/target/release/mentorlog
GEN=$PWD/target/release/examples/corpus
mkdir -p "$WORK"

median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

# run NAME COMMAND...: appends "wall cpu maxrss_kb" to $WORK/NAME.times
run() {
  local name=$1; shift
  /usr/bin/time -f "%e %U %S %M" -o "$WORK/last.time" "$@" >/dev/null 2>&1
  awk '{printf "%s %.3f %s\n", $1, $2 + $3, $4}' "$WORK/last.time" >> "$WORK/$name.times"
}

printf "%-7s %-10s %10s %10s %12s\n" notes tool "wall (s)" "cpu (s)" "peak (MiB)"
for n in $NOTES; do
  [ -d "$WORK/ml-$n/content" ] || "$GEN" "$WORK/ml-$n" "$n"
  [ -d "$WORK/hugo-$n/content" ] || "$GEN" "$WORK/hugo-$n" "$n" --hugo
  rm -f "$WORK/ml-$n.times" "$WORK/hugo-$n.times"
  # Warm the page cache, and both output trees mentorlog alternates between (the output
  # and the spare it reuses), as a session of edits and rebuilds would.
  "$ML" --root "$WORK/ml-$n" build --audience "$AUDIENCE" --quiet >/dev/null 2>&1
  "$ML" --root "$WORK/ml-$n" build --audience "$AUDIENCE" --quiet >/dev/null 2>&1
  (cd "$WORK/hugo-$n" && hugo --quiet >/dev/null)
  for _ in $(seq "$RUNS"); do
    run "ml-$n" "$ML" --root "$WORK/ml-$n" build --audience "$AUDIENCE" --quiet
    run "hugo-$n" sh -c "cd '$WORK/hugo-$n' && hugo --quiet"
  done
  for tool in ml hugo; do
    f="$WORK/$tool-$n.times"
    wall=$(cut -d' ' -f1 "$f" | median); cpu=$(cut -d' ' -f2 "$f" | median); rss=$(cut -d' ' -f3 "$f" | median)
    printf "%-7s %-10s %10.3f %10.3f %12.1f\n" "$n" "$([ $tool = ml ] && echo mentorlog || echo hugo)" "$wall" "$cpu" "$(echo "$rss / 1024" | bc -l)"
    eval "${tool}_wall=$wall ${tool}_cpu=$cpu ${tool}_rss=$rss"
  done
  printf "%-7s %-10s %10.2f %10.2f %12.2f\n" "$n" "ratio" "$(echo "$ml_wall / $hugo_wall" | bc -l)" \
    "$(echo "$ml_cpu / $hugo_cpu" | bc -l)" "$(echo "$ml_rss / $hugo_rss" | bc -l)"
done
