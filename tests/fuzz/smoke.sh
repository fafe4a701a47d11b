#!/usr/bin/env bash
# Fuzz smoke run for CI: build the fuzz targets and run each for a short while over the
# committed seed corpus. Exits non-zero when a target crashes, times out or runs out of
# memory; the input that did it is left in tests/fuzz/artifacts/<target>/.
#
#   bash tests/fuzz/smoke.sh            # every target, 30 s each
#   FUZZ_SECONDS=600 bash tests/fuzz/smoke.sh site
#
# cargo-fuzz needs nightly flags; on the stable toolchain RUSTC_BOOTSTRAP=1 allows them.
# See docs/fuzzing.md.
set -euo pipefail
cd "$(dirname "$0")/../.."

seconds="${FUZZ_SECONDS:-30}"
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(front_matter markdown site)
fi

if ! cargo fuzz --version >/dev/null 2>&1; then
  cargo install cargo-fuzz --locked
fi
export RUSTC_BOOTSTRAP=1

cargo fuzz build --fuzz-dir tests/fuzz

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
for target in "${targets[@]}"; do
  echo "fuzz: $target for ${seconds}s"
  # New inputs go to the scratch folder first, so the committed seeds stay as they are.
  mkdir -p "$work/$target"
  if ! cargo fuzz run --fuzz-dir tests/fuzz "$target" "$work/$target" "tests/fuzz/corpus/$target" -- \
    -max_total_time="$seconds" -rss_limit_mb=4096 -timeout=10 -max_len=8192 \
    -print_final_stats=1 >"$work/$target.log" 2>&1; then
    # libFuzzer's report: the panic message, the stack and the artifact's name.
    tail -n 80 "$work/$target.log"
    echo "fuzz: $target FAILED; reproduce with:" >&2
    echo "  RUSTC_BOOTSTRAP=1 cargo fuzz run --fuzz-dir tests/fuzz $target tests/fuzz/artifacts/$target/<file>" >&2
    exit 1
  fi
  grep -E '^stat::(number_of_executed_units|peak_rss_mb)|^Done ' "$work/$target.log" || true
done
echo "fuzz: ${#targets[@]} passed, 0 failed"
