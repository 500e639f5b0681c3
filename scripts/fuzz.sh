#!/usr/bin/env bash
# Runs the fuzz targets in fuzz/ (EDTF parser, id/cursor decoder, search normaliser), each
# for SECONDS (default 60), and stops at the first crash. Needs cargo-fuzz
# (`cargo install cargo-fuzz`); on a stable toolchain RUSTC_BOOTSTRAP=1 lets it use the
# nightly sanitizer flags. Corpora grow in fuzz/corpus/<target>/ and crashes land in
# fuzz/artifacts/<target>/ (both ignored by git); replay one with
# `RUSTC_BOOTSTRAP=1 cargo fuzz run <target> fuzz/artifacts/<target>/<file>` from fuzz/.
#
#   scripts/fuzz.sh            # 60 s per target
#   scripts/fuzz.sh 600 edtf   # 10 minutes, one target
set -euo pipefail
cd "$(dirname "$0")/../fuzz"

seconds=${1:-60}
shift || true
targets=("$@")
if [[ ${#targets[@]} -eq 0 ]]; then
    targets=(edtf ids normalize)
fi

if ! cargo fuzz --version >/dev/null 2>&1; then
    echo "cargo-fuzz is missing: cargo install cargo-fuzz" >&2
    exit 2
fi

export RUSTC_BOOTSTRAP=1
for target in "${targets[@]}"; do
    mkdir -p "corpus/$target"
    echo "== $target: $seconds s"
    # -max_len: ids and names are short; long inputs only slow the search down.
    cargo fuzz run "$target" "corpus/$target" -- \
        -max_total_time="$seconds" -max_len=512 -timeout=10 -print_final_stats=1
done
