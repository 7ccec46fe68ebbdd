#!/usr/bin/env bash
# Fuzzes the parsers: each target in fuzz/ runs for SECONDS (default 600), one after another,
# one job each, and checks the invariants in src/invariants.rs on every input it tries.
#
#   scripts/fuzz.sh [SECONDS] [TARGET...]      targets: tracker note duration config
#
# Each run starts from the committed seeds (fuzz/seeds/<target>/) and past findings
# (fuzz/regressions/<target>/) and grows fuzz/corpus/<target>/ (not committed). A crash or a
# broken invariant leaves its input in fuzz/artifacts/<target>/; the script then goes on with
# the other targets and exits 1. Logs: fuzz/logs/<target>.log. To keep a finding, minimize it
# (`RUSTC_BOOTSTRAP=1 cargo fuzz tmin -s none TARGET FILE`), copy it to
# fuzz/regressions/<target>/ and `cargo test --test fuzz_regressions` replays it.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds="${1:-600}"
shift || true
targets=("$@")
if [ "${#targets[@]}" -eq 0 ]; then
  targets=(tracker note duration config)
fi

# cargo-fuzz passes nightly flags (-Z) to cargo and rustc; the stable toolchain accepts them
# with RUSTC_BOOTSTRAP=1.
export RUSTC_BOOTSTRAP=1
if ! cargo fuzz --version >/dev/null 2>&1; then
  echo "installing cargo-fuzz"
  cargo install cargo-fuzz --locked --quiet
fi

# The code under test is safe Rust: no sanitizer, which builds and runs faster. Debug
# assertions and overflow checks stay on (cargo-fuzz's default).
build=(--sanitizer none)
cargo fuzz build "${build[@]}"

mkdir -p fuzz/logs
failed=()
for target in "${targets[@]}"; do
  corpus=(fuzz/corpus/"$target" fuzz/seeds/"$target")
  [ -d fuzz/regressions/"$target" ] && corpus+=(fuzz/regressions/"$target")
  mkdir -p fuzz/corpus/"$target"
  log=fuzz/logs/"$target".log
  echo "fuzzing $target for ${seconds}s (log: $log)"
  if cargo fuzz run "${build[@]}" "$target" "${corpus[@]}" -- \
    -max_total_time="$seconds" -timeout=10 -print_final_stats=1 >"$log" 2>&1; then
    # The last status line: executions, coverage (cov), features (ft), corpus size.
    grep -E '^#[0-9]+' "$log" | tail -n 1 || true
  else
    failed+=("$target")
    tail -n 40 "$log"
  fi
done

if [ "${#failed[@]}" -gt 0 ]; then
  echo "fuzzing found problems in: ${failed[*]} (inputs in fuzz/artifacts/)" >&2
  exit 1
fi
echo "fuzzing: no crash and no broken invariant in ${targets[*]}"
