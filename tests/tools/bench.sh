#!/usr/bin/env bash
# Whole-process benchmark: mentorlog against Hugo on the same generated notes, the way
# users build: cold (into an empty folder, as CI and Netlify do) and warm (a rebuild into
# the same folder), on a clean log and on a log written carelessly (about three warnings a
# note, a few long mentorships).
#
#   tests/tools/bench.sh                      # 10,000 notes, 3 runs of each, alternating
#   NOTES="1000 10000" RUNS=5 tests/tools/bench.sh
#   AUDIENCE=all tests/tools/bench.sh         # every note, as Hugo builds them (default: public,
#                                             # what `mentorlog build` publishes)
#   SHAPES="clean" tests/tools/bench.sh       # only the corpus example's log
#   ML=/path/to/other/mentorlog tests/tools/bench.sh   # another build of mentorlog
#   BEFORE=/path/to/old/mentorlog tests/tools/bench.sh # also that build, in the same alternation
#   NOTES="10000 100000" SHAPES=clean MODES=cold HUGO=no tests/tools/bench.sh
#                                             # mentorlog alone (Hugo needs ~8 GB at 100,000);
#                                             # SHAPES=warnings: 8 mentorships of 12,500 sessions;
#                                             # SHAPES=warnings-short: the careless notes in
#                                             # mentorships of 100 sessions (1,000 of them)
#   FLOOR=no tests/tools/bench.sh             # without the copy of the output (below)
#   MODES=check HUGO=no tests/tools/bench.sh  # `mentorlog check`, every problem printed (Hugo
#                                             # has no counterpart; into /dev/null, as a CI
#                                             # log would take it)
#
# Cold builds are followed by a copy of the site they wrote (`cp -r`, into another empty
# folder of WORK): what creating those files costs this machine, whoever renders them.
# On a virtual machine that cost can grow faster than the files: with more than one size,
# the copy's growth (`× 10000 cp`) is printed beside mentorlog's, so that the two can be
# told apart.
#
# Prints, per shape, size and mode, the median wall time, CPU time (user + system) and peak
# memory (max RSS) of each tool and the ratios mentorlog / Hugo; with more than one size,
# also how mentorlog's wall and CPU time grow against the first (`× 10000`). Needs Debian's
# `hugo`, `time` and `bc`. WORK defaults to a folder on tmpfs (/dev/shm) where there is one,
# so that the disk does not decide. The machine is noisy: the tools run alternately, and
# only the ratios of one run are comparable.
set -euo pipefail
cd "$(dirname "$0")/../.."
NOTES=${NOTES:-10000}
RUNS=${RUNS:-3}
AUDIENCE=${AUDIENCE:-public}
SHAPES=${SHAPES:-"clean warnings"}
MODES=${MODES:-"cold warm"}
if [ -z "${WORK:-}" ]; then
  if [ -d /dev/shm ] && [ -w /dev/shm ]; then WORK=/dev/shm/mentorlog-bench; else WORK=${TMPDIR:-/tmp}/mentorlog-bench; fi
fi
HUGO=${HUGO:-yes}
FLOOR=${FLOOR:-yes}
[ "$HUGO" = no ] || command -v hugo >/dev/null || { echo "needs hugo: apt-get install hugo" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "needs /usr/bin/time: apt-get install time" >&2; exit 2; }
cargo build --release --quiet --bin mentorlog --example corpus
ML=${ML:-$PWD/target/release/mentorlog}
GEN=$PWD/target/release/examples/corpus
mkdir -p "$WORK"

median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

# run NAME COMMAND...: appends "wall cpu maxrss_kb" to $WORK/NAME.times
run() {
  local name=$1; shift
  /usr/bin/time -f "%e %U %S %M" -o "$WORK/last.time" "$@" >/dev/null 2>&1
  awk '{printf "%s %.3f %s\n", $1, $2 + $3, $4}' "$WORK/last.time" >> "$WORK/$name.times"
}

# corpus SHAPE N: the folders of both tools' sites.
corpus() {
  local shape=$1 n=$2 extra=()
  # The careless log: a few long mentorships, about three warnings a note; the same notes
  # in the `corpus` example's short mentorships (100 sessions each).
  [ "$shape" = warnings ] && extra=(8 --warnings)
  [ "$shape" = warnings-short ] && extra=(--warnings)
  [ -d "$WORK/ml-$shape-$n/content" ] || "$GEN" "$WORK/ml-$shape-$n" "$n" "${extra[@]}"
  [ "$HUGO" = no ] || [ -d "$WORK/hugo-$shape-$n/content" ] || "$GEN" "$WORK/hugo-$shape-$n" "$n" "${extra[@]}" --hugo
}

declare -A first_n first_wall first_cpu first_copy_wall first_copy_cpu
printf "%-14s %-7s %-5s %-10s %9s %9s %11s\n" shape notes mode tool "wall (s)" "cpu (s)" "peak (MiB)"
for shape in $SHAPES; do
  for n in $NOTES; do
    corpus "$shape" "$n"
    ml_site=$WORK/ml-$shape-$n hugo_site=$WORK/hugo-$shape-$n
    # Warm the page cache with the sources.
    "$ML" --root "$ml_site" check --quiet >/dev/null 2>&1 || true
    for mode in $MODES; do
      rm -f "$WORK"/ml.times "$WORK"/hugo.times "$WORK"/before.times "$WORK"/copy.times
      copy=no
      [ "$FLOOR" = yes ] && [ "$mode" = cold ] && copy=yes
      # A warm build finds the previous build in place.
      if [ "$mode" = warm ]; then
        "$ML" --root "$ml_site" --quiet build --audience "$AUDIENCE" --output "$WORK/ml-out" >/dev/null 2>&1
        [ "$HUGO" = no ] || (cd "$hugo_site" && hugo --quiet --destination "$WORK/hugo-out" >/dev/null)
      fi
      for _ in $(seq "$RUNS"); do
        if [ "$mode" = check ]; then
          run ml "$ML" --root "$ml_site" check
          [ -z "${BEFORE:-}" ] || run before "$BEFORE" --root "$ml_site" check
          continue
        fi
        [ "$mode" = cold ] && rm -rf "$WORK/ml-out" "$WORK"/.ml-out.*
        run ml "$ML" --root "$ml_site" --quiet build --audience "$AUDIENCE" --output "$WORK/ml-out"
        if [ "$copy" = yes ]; then
          rm -rf "$WORK/copy-out"
          run copy cp -r "$WORK/ml-out" "$WORK/copy-out"
          rm -rf "$WORK/copy-out"
        fi
        if [ -n "${BEFORE:-}" ]; then
          [ "$mode" = cold ] && rm -rf "$WORK/ml-out" "$WORK"/.ml-out.*
          run before "$BEFORE" --root "$ml_site" --quiet build --audience "$AUDIENCE" --output "$WORK/ml-out"
        fi
        [ "$HUGO" = no ] && continue
        [ "$mode" = cold ] && rm -rf "$WORK/hugo-out" "$hugo_site/resources"
        run hugo sh -c "cd '$hugo_site' && hugo --quiet --destination '$WORK/hugo-out'"
      done
      tools="ml ${BEFORE:+before}"
      [ "$HUGO" = no ] || [ "$mode" = check ] || tools="$tools hugo"
      [ "$copy" = yes ] && tools="$tools copy"
      for tool in $tools; do
        f="$WORK/$tool.times"
        wall=$(cut -d' ' -f1 "$f" | median); cpu=$(cut -d' ' -f2 "$f" | median); rss=$(cut -d' ' -f3 "$f" | median)
        printf "%-14s %-7s %-5s %-10s %9.3f %9.3f %11.1f\n" "$shape" "$n" "$mode" \
          "$(case $tool in ml) echo mentorlog;; hugo) echo hugo;; copy) echo "cp -r out";; *) echo before;; esac)" \
          "$wall" "$cpu" "$(echo "$rss / 1024" | bc -l)"
        eval "${tool}_wall=$wall ${tool}_cpu=$cpu ${tool}_rss=$rss"
      done
      # How mentorlog's time grows with the notes: against the first size of the shape; and
      # how the copy of its output grows.
      key=$shape-$mode
      if [ -z "${first_n[$key]:-}" ]; then
        first_n[$key]=$n first_wall[$key]=$ml_wall first_cpu[$key]=$ml_cpu
        [ "$copy" = no ] || first_copy_wall[$key]=$copy_wall first_copy_cpu[$key]=$copy_cpu
      else
        printf "%-14s %-7s %-5s %-10s %9.2f %9.2f\n" "$shape" "$n" "$mode" "× ${first_n[$key]}" \
          "$(echo "$ml_wall / ${first_wall[$key]}" | bc -l)" "$(echo "$ml_cpu / ${first_cpu[$key]}" | bc -l)"
        [ "$copy" = no ] || [ -z "${first_copy_wall[$key]:-}" ] ||
          printf "%-14s %-7s %-5s %-10s %9.2f %9.2f\n" "$shape" "$n" "$mode" "× ${first_n[$key]} cp" \
            "$(echo "$copy_wall / ${first_copy_wall[$key]}" | bc -l)" "$(echo "$copy_cpu / ${first_copy_cpu[$key]}" | bc -l)"
      fi
      { [ "$HUGO" = no ] || [ "$mode" = check ]; } && continue
      printf "%-14s %-7s %-5s %-10s %9.2f %9.2f %11.2f\n" "$shape" "$n" "$mode" ratio \
        "$(echo "$ml_wall / $hugo_wall" | bc -l)" "$(echo "$ml_cpu / $hugo_cpu" | bc -l)" \
        "$(echo "$ml_rss / $hugo_rss" | bc -l)"
      if [ -n "${BEFORE:-}" ]; then
        printf "%-14s %-7s %-5s %-10s %9.2f %9.2f %11.2f\n" "$shape" "$n" "$mode" "ratio bef." \
          "$(echo "$before_wall / $hugo_wall" | bc -l)" "$(echo "$before_cpu / $hugo_cpu" | bc -l)" \
          "$(echo "$before_rss / $hugo_rss" | bc -l)"
      fi
    done
  done
done
