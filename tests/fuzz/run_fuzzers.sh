#!/usr/bin/env bash
# Runs every fuzz_* target of a `fuzz` preset build for a bounded time each, starting from its saved corpus
# (tests/fuzz/corpus/NAME, copied, so the tree is not changed). A crash, a leak, undefined behaviour or a
# hang (an input taking over 10 s) fails the run and leaves the input in build/fuzz/findings/NAME/, to be
# fixed and then kept in tests/fuzz/corpus/NAME/ under a name saying what it broke.
#
#   tests/fuzz/run_fuzzers.sh BUILD_DIR SECONDS_PER_TARGET
set -euo pipefail
build=${1:?usage: run_fuzzers.sh BUILD_DIR SECONDS_PER_TARGET}
seconds=${2:?usage: run_fuzzers.sh BUILD_DIR SECONDS_PER_TARGET}
source_dir=$(cd "$(dirname "$0")" && pwd)
status=0
shopt -s nullglob
targets=("$build"/bin/fuzz_*)
if [ ${#targets[@]} -eq 0 ]; then
  echo "run_fuzzers: no fuzz_* programs in $build/bin; build the fuzz preset first" >&2
  exit 1
fi
for target in "${targets[@]}"; do
  name=$(basename "$target")
  name=${name#fuzz_}
  work="$build/fuzz-work/$name"
  findings="$build/findings/$name"
  rm -rf "$work"
  mkdir -p "$work" "$findings"
  cp -r "$source_dir/corpus/$name/." "$work/"
  echo "run_fuzzers: $name for ${seconds}s"
  if ! ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
      "$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
      -artifact_prefix="$findings/" -print_final_stats=1 "$work" > "$build/fuzz-work/$name.log" 2>&1; then
    echo "run_fuzzers: $name FAILED; the input is in $findings/, the log in $build/fuzz-work/$name.log" >&2
    tail -40 "$build/fuzz-work/$name.log" >&2
    status=1
  else
    grep -E "stat::number_of_executed_units|cov:" "$build/fuzz-work/$name.log" | tail -2
  fi
done
exit $status
