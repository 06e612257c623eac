#!/usr/bin/env bash
# Fuzzes one harness with afl-fuzz (manual: not part of CI; see docs/fuzzing.md).
#   tests/MnistFunctional.Fuzzing/fuzz.sh idx|model|checkpoint|image [MINUTES=15]
# Publishes the harness to a scratch folder, instruments the project's assemblies there with SharpFuzz
# (`dotnet tool install --global SharpFuzz.CommandLine --version 2.3.0`), runs afl-fuzz at the lowest CPU priority
# on the committed corpus of that harness, and at the end copies the new queue entries and any crash or hang into
# Corpus/NAME/ (found-*), where the corpus replay test picks them up.
set -euo pipefail
target=${1:?usage: fuzz.sh idx|model|checkpoint|image [MINUTES]}
minutes=${2:-15}
here=$(cd "$(dirname "$0")" && pwd)
work=${FUZZ_WORK:-/tmp/mnistfunctional-fuzz}/$target
sharpfuzz=$(command -v sharpfuzz || echo "$HOME/.dotnet/tools/sharpfuzz")

rm -rf "$work" && mkdir -p "$work"
dotnet publish "$here" -c Release -o "$work/bin" >/dev/null
assemblies=(MnistFunctional.dll)
[ "$target" = image ] && assemblies+=(MnistFunctional.Imaging.dll SixLabors.ImageSharp.dll)
for assembly in "${assemblies[@]}"; do "$sharpfuzz" "$work/bin/$assembly"; done

export AFL_SKIP_BIN_CHECK=1 AFL_SKIP_CPUFREQ=1 AFL_NO_AFFINITY=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_UI=1
start=$(date +%s)
nice -n 19 timeout --signal=INT "$((minutes * 60))" \
  afl-fuzz -i "$here/Corpus/$target" -o "$work/findings" -t 10000 -m none -- dotnet "$work/bin/MnistFunctional.Fuzzing.dll" "$target" \
  > "$work/afl.log" 2>&1 || true
echo "ran $(( ($(date +%s) - start) / 60 )) min"
grep -E "^(run_time|execs_done|execs_per_sec|corpus_count|corpus_found|saved_crashes|saved_hangs|bitmap_cvg)" "$work/findings/default/fuzzer_stats" || tail -20 "$work/afl.log"

for kind in queue crashes hangs; do
  for file in "$work/findings/default/$kind"/id:*; do
    [ -e "$file" ] || continue
    case "$file" in *orig:*) continue ;; esac # the seeds themselves
    id=$(basename "$file" | sed -E 's/^id:([0-9]+).*/\1/')
    cp "$file" "$here/Corpus/$target/found-$kind-$id"
  done
done
