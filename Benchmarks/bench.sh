#!/usr/bin/env bash
# Measures what DESIGN.md targets: `cases check` on 10,000 files, batch grading on one core beside
# `hunspell -l` on the same text, and start-up to the first prompt. Prints figures; asserts nothing.
set -euo pipefail
binary=$(realpath "$1")
corpus=${2:-}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
one_core="taskset -c 0"
command -v taskset >/dev/null || one_core=""

elapsed() { python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.3f}')" "$1" "$2"; }
now() { date +%s.%N; }

echo "== cases check: 10,000 generated case files"
for language in ru en; do
	mkdir -p "$work/cases/$language"
	for file in Cases/$language/*.yaml; do
		id=$(basename "$file" .yaml)
		for n in $(seq 1 250); do
			sed "s/^id: $id\$/id: $id-$n/" "$file" > "$work/cases/$language/$id-$n.yaml"
		done
	done
done
count=$(find "$work/cases" -name '*.yaml' | wc -l)
start=$(now)
"$binary" cases check "$work/cases" > "$work/check.txt" || true
end=$(now)
echo "$count files in $(elapsed "$start" "$end") s ($(tail -1 "$work/check.txt"))"

echo "== grading: batch throughput on one core"
texts="$work/texts.txt"
if [ -n "$corpus" ] && [ -f "$corpus" ]; then source_corpus="$corpus"; else source_corpus=Tests/Corpus/heldout-replies.jsonl; fi
python3 - "$source_corpus" Tests/Corpus/heldout-replies.jsonl Tests/Corpus/unseen-replies.jsonl "$work/batch.jsonl" "$texts" <<'PY'
import json, sys
*sources, batch, texts = sys.argv[1:]
lines = []
for path in sources:
    try:
        lines += [json.loads(l) for l in open(path, encoding="utf-8") if l.strip()]
    except FileNotFoundError:
        pass
with open(batch, "w", encoding="utf-8") as b, open(texts, "w", encoding="utf-8") as t:
    n = 0
    while n < 20000:
        for line in lines:
            b.write(json.dumps({"id": f"b{n}", "lang": line["lang"], "text": line["text"]}, ensure_ascii=False) + "\n")
            t.write(line["text"] + "\n")
            n += 1
PY
replies=$(wc -l < "$work/batch.jsonl")
# the machine is shared: each figure is the best of $RUNS runs, grading and hunspell -l taking turns so
# that both see the same load, and the load average is printed beside them
runs=${RUNS:-3}
best() { python3 -c "import sys; print(min(float(x) for x in sys.argv[1:]))" "$@"; }
grade_times=(); hunspell_times=(); all_times=()
cores=$(nproc)
for run in $(seq 1 "$runs"); do
	start=$(now)
	$one_core "$binary" grade --batch "$work/batch.jsonl" --json --jobs 1 > "$work/graded.jsonl"
	end=$(now)
	grade_times+=("$(elapsed "$start" "$end")")
	start=$(now)
	$one_core hunspell -d ru_RU,en_US -l < "$texts" > /dev/null
	end=$(now)
	hunspell_times+=("$(elapsed "$start" "$end")")
	start=$(now)
	"$binary" grade --batch "$work/batch.jsonl" --json --jobs "$cores" > "$work/graded-all.jsonl"
	end=$(now)
	all_times+=("$(elapsed "$start" "$end")")
done
grade_time=$(best "${grade_times[@]}")
hunspell_time=$(best "${hunspell_times[@]}")
all_time=$(best "${all_times[@]}")
echo "load average while measuring: $(cut -d' ' -f1-3 /proc/loadavg) on $cores cores"
echo "$replies replies in $grade_time s: $(python3 -c "print(int($replies / $grade_time))") replies/s on one core" \
	"(with spelling; best of $runs: ${grade_times[*]} s)"
echo "hunspell -l on the same text: $hunspell_time s (best of $runs: ${hunspell_times[*]} s);" \
	"grading takes $(python3 -c "print(f'{$grade_time / $hunspell_time:.2f}')")x that"
same=$(cmp -s "$work/graded.jsonl" "$work/graded-all.jsonl" && echo "the same output" || echo "DIFFERENT output")
echo "on $cores cores: $(python3 -c "print(int($replies / $all_time))") replies/s," \
	"$(python3 -c "print(f'{$grade_time / $all_time:.2f}')")x one core, $same (best of $runs: ${all_times[*]} s)"

echo "== grade one reply, start to exit (best of 5)"
python3 - "$binary" <<'PY'
import subprocess, sys, time
best = min((lambda s: (subprocess.run([sys.argv[1], "grade", "--lang", "en", "Hello! Your booking is confirmed."],
                                      stdout=subprocess.DEVNULL), time.monotonic() - s)[1])(time.monotonic()) for _ in range(5))
print(f"sparring grade \"...\": {best * 1000:.0f} ms (English, one language loaded)")
PY

echo "== start-up to the first prompt (release build; the dictionaries finish loading in the background)"
export SPARRING_HOME="$work/home"
printf '/quit\n' | "$binary" play clinic-confirmation-call --new-profile bench > /dev/null
python3 - "$binary" <<'PY'
import subprocess, sys, time
best = None
for run in range(5):
    start = time.monotonic()
    process = subprocess.Popen([sys.argv[1], "play", "clinic-confirmation-call", "--new-profile", f"bench{run}", "--lang", "ru"],
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    seen = b""
    while "Вера:".encode() not in seen:
        chunk = process.stdout.read1(4096)
        if not chunk:
            break
        seen += chunk
    elapsed = (time.monotonic() - start) * 1000
    process.stdin.write(b"/quit\n")
    process.stdin.close()
    process.wait()
    best = elapsed if best is None else min(best, elapsed)
print(f"play, start to the customer's opening and the prompt: {best:.0f} ms (best of 5)")
PY

echo "== networked duel: 200 players, 10 real replies each, graded by the host on loopback"
"$(dirname "$binary")/sparring-duel-load" 200 10 1000
"$(dirname "$binary")/sparring-duel-load" 200 10 0
