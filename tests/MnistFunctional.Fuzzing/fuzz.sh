#!/usr/bin/env bash
# Fuzzes one harness with afl-fuzz (manual: not part of CI; see docs/fuzzing.md).
#   tests/MnistFunctional.Fuzzing/fuzz.sh idx|model|checkpoint|image [MINUTES=15]
# Publishes the harness to a scratch folder, instruments the project's assemblies there with SharpFuzz
# (`dotnet tool install --global SharpFuzz.CommandLine --version 2.3.0`), runs afl-fuzz at the lowest CPU priority
# on the committed corpus of that harness, and at the end minimises the queue with afl-cmin and writes it, with any
# crash or hang, into Corpus/NAME/ (found-*), where the corpus replay test picks them up.
# Stop a run early (it has stopped finding paths) with `kill -INT` on its afl-fuzz: the minimisation still runs.
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
stats="$work/findings/default/fuzzer_stats"
grep -E "^(start_time|last_update|run_time|execs_done|execs_per_sec|corpus_count|corpus_found|last_find|saved_crashes|saved_hangs|bitmap_cvg)" "$stats" || tail -20 "$work/afl.log"
echo "last new path $(( $(awk '/^last_find/{print $3}' "$stats") - $(awk '/^start_time/{print $3}' "$stats") )) s after the start"

for kind in crashes hangs; do
  for file in "$work/findings/default/$kind"/id:*; do
    [ -e "$file" ] || continue
    cp "$file" "$here/Corpus/$target/found-$kind-$(sha256sum "$file" | cut -c1-16)"
  done
done

# Minimise: keep the smallest set of queue entries (the committed corpus included) that covers every edge afl saw,
# then replace Corpus/NAME/found-queue-* by it. Names are the content's hash, so reruns never overwrite other inputs;
# crashes and hangs are kept as they are (each is a finding to fix, not coverage).
AFL_ALLOW_TMP=1 nice -n 19 afl-cmin -i "$work/findings/default/queue" -o "$work/cmin" -t 10000 -m none -- \
  "$(command -v dotnet)" "$work/bin/MnistFunctional.Fuzzing.dll" "$target" > "$work/cmin.log" 2>&1 # afl-cmin needs the path
[ -n "$(ls "$work/cmin")" ] || { echo "afl-cmin kept nothing, corpus left as it was: $work/cmin.log"; exit 1; }
rm -f "$here/Corpus/$target"/found-queue-*
for file in "$work/cmin"/*; do
  case "$(basename "$file")" in *orig:found-queue-*) ;; *orig:*) continue ;; esac # seeds, regressions, old hangs keep their names
  cp "$file" "$here/Corpus/$target/found-queue-$(sha256sum "$file" | cut -c1-16)"
done
echo "corpus $(ls "$here/Corpus/$target" | wc -l) files ($(ls "$work/cmin" | wc -l) after afl-cmin of $(ls "$work/findings/default/queue" | grep -c '^id:') queue entries)"
