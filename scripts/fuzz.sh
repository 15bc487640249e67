#!/usr/bin/env bash
# libFuzzer runs of the weight-file reader and the lesson parser (Linux, swiftc -sanitize=fuzzer).
# Not part of CI. See Fuzz/README.md.
#
#   scripts/fuzz.sh [safetensors|lessons|all] [SECONDS]     default: all 60
#   scripts/fuzz.sh all 0                                   build only
#
# Builds into .build-fuzz/fuzz/ with plain swiftc/clang (never touches .build/): RNNCore as a
# module (-enable-testing, so the target can reach WeightFile.contents), Yams 6.2.2 and its C
# libyaml from the package checkout, and Sources/Lessons compiled into the lesson target. Every
# Swift and C file is built with -sanitize=fuzzer,address (coverage + ASan). Runs one target
# at a time under `nice -n 10` with libFuzzer's -max_total_time, -rss_limit_mb=2048 and
# -timeout=10. New corpus entries go to .build-fuzz/fuzz/corpus/<target>/ (Fuzz/corpus/<target>/
# holds the committed seeds and is only read); crash-/timeout-/oom- files go to
# .build-fuzz/fuzz/artifacts/<target>/.
#
# Environment: YAMS_DIR (a Yams checkout; default .build/checkouts/Yams or
# .build-fuzz/checkouts/Yams, fetched with `swift package resolve` if neither exists),
# FUZZ_NICE (default 10), FUZZ_ARGS (extra libFuzzer flags, e.g. "-seed=1"; they come last,
# so they override the script's, e.g. "-max_len=4096").
set -euo pipefail
cd "$(dirname "$0")/.."

target="${1:-all}"
seconds="${2:-60}"
case "$target" in
    safetensors|lessons) targets=("$target") ;;
    all) targets=(safetensors lessons) ;;
    *) echo "usage: scripts/fuzz.sh [safetensors|lessons|all] [SECONDS]" >&2; exit 2 ;;
esac
[[ "$seconds" =~ ^[0-9]+$ ]] || { echo "SECONDS must be a whole number" >&2; exit 2; }
[[ "$(uname -s)" == Linux ]] || { echo "fuzz.sh needs Linux (swiftc -sanitize=fuzzer)" >&2; exit 2; }

out="$PWD/.build-fuzz/fuzz"
nice_level="${FUZZ_NICE:-10}"
run() { nice -n "$nice_level" "$@"; }
# Linking a multi-file module with -g leaves <Module>-1.swiftmodule/.swiftdoc in the current
# directory; link from inside .build-fuzz (every path is absolute there).
link() { (cd "$out/tmp" && run swiftc "$@"); }
sanitize=(-sanitize=fuzzer,address)
swift_flags=(-O -g -wmo -parse-as-library "${sanitize[@]}" -module-cache-path "$out/module-cache" -I "$out/modules")
mkdir -p "$out/tmp" "$out/modules" "$out/obj/cyaml" "$out/bin" "$out/module-cache" "$out/logs"

# Yams: the checkout SwiftPM made for the package, or one of our own.
yams="${YAMS_DIR:+$(realpath "$YAMS_DIR")}"
if [[ -z "$yams" ]]; then
    for candidate in .build/checkouts/Yams .build-fuzz/checkouts/Yams; do
        [[ -f "$candidate/Sources/Yams/Parser.swift" ]] && { yams="$PWD/$candidate"; break; }
    done
fi
if [[ -z "$yams" ]]; then
    echo "== fetching dependencies into .build-fuzz (swift package resolve)"
    run swift package --scratch-path .build-fuzz resolve
    yams="$PWD/.build-fuzz/checkouts/Yams"
fi
cyaml_include="$yams/Sources/CYaml/include"

# stale OUTPUT INPUT... : true when OUTPUT is missing or older than an input (or this script).
stale() {
    local output="$1"; shift
    [[ -e "$output" ]] || return 0
    [[ -n "$(find "$@" "$0" -newer "$output" -print -quit 2>/dev/null)" ]]
}

build() {
    local core_sources lesson_sources yams_sources
    mapfile -t core_sources < <(find Sources/RNNCore -name '*.swift' | sort)
    mapfile -t lesson_sources < <(find "$PWD/Sources/Lessons" -name '*.swift' | sort)
    mapfile -t yams_sources < <(find "$yams/Sources/Yams" -name '*.swift' | sort)

    # The message tables RNNCore's errors are written with.
    if stale "$out/obj/Localization.o" Sources/Localization; then
        local localization_sources
        mapfile -t localization_sources < <(find "$PWD/Sources/Localization" -name '*.swift' | sort)
        echo "== Localization (${#localization_sources[@]} files)"
        run swiftc "${swift_flags[@]}" -swift-version 6 -enable-testing -module-name Localization \
            -emit-module -emit-module-path "$out/modules/Localization.swiftmodule" \
            -c -o "$out/obj/Localization.o" "${localization_sources[@]}"
        touch "$out/obj/Localization.o"
    fi
    if stale "$out/obj/RNNCore.o" Sources/RNNCore "$out/obj/Localization.o"; then
        echo "== RNNCore (${#core_sources[@]} files)"
        run swiftc "${swift_flags[@]}" -swift-version 6 -enable-testing -module-name RNNCore \
            -emit-module -emit-module-path "$out/modules/RNNCore.swiftmodule" \
            -c -o "$out/obj/RNNCore.o" "${core_sources[@]}"
        touch "$out/obj/RNNCore.o"  # swiftc keeps an unchanged object's old time
    fi
    # The names Lessons shares with the Visualizer (Phase, SubStep, ScreenView, PlaceholderName).
    if stale "$out/obj/ScopeNames.o" Sources/ScopeNames; then
        echo "== ScopeNames"
        run swiftc "${swift_flags[@]}" -swift-version 6 -module-name ScopeNames \
            -emit-module -emit-module-path "$out/modules/ScopeNames.swiftmodule" \
            -c -o "$out/obj/ScopeNames.o" "$PWD"/Sources/ScopeNames/*.swift
        touch "$out/obj/ScopeNames.o"
    fi
    for t in "${targets[@]}"; do
        [[ "$t" == lessons ]] || continue
        for c in "$yams"/Sources/CYaml/src/*.c; do
            local object="$out/obj/cyaml/$(basename "$c" .c).o"
            if stale "$object" "$c" "$cyaml_include"; then
                echo "== CYaml $(basename "$c")"
                run clang -c -O1 -g -fsanitize=fuzzer-no-link,address -DYAML_DECLARE_STATIC \
                    -I "$cyaml_include" "$c" -o "$object"
            fi
        done
        if stale "$out/obj/Yams.o" "$yams/Sources/Yams"; then
            echo "== Yams (${#yams_sources[@]} files, $(git -C "$yams" describe --tags 2>/dev/null || echo "version unknown"))"
            run swiftc "${swift_flags[@]}" -swift-version 5 -D SWIFT_PACKAGE -Xcc -DYAML_DECLARE_STATIC \
                -I "$cyaml_include" -module-name Yams \
                -emit-module -emit-module-path "$out/modules/Yams.swiftmodule" \
                -c -o "$out/obj/Yams.o" "${yams_sources[@]}"
            touch "$out/obj/Yams.o"
        fi
    done
    for t in "${targets[@]}"; do
        case "$t" in
            safetensors)
                if stale "$out/bin/safetensors-fuzz" Fuzz/SafeTensorsFuzz "$out/obj/RNNCore.o"; then
                    echo "== safetensors-fuzz"
                    link "${swift_flags[@]}" -swift-version 6 -module-name SafeTensorsFuzz \
                        "$PWD"/Fuzz/SafeTensorsFuzz/*.swift "$out/obj/RNNCore.o" "$out/obj/Localization.o" -o "$out/bin/safetensors-fuzz"
                fi ;;
            lessons)
                if stale "$out/bin/lessons-fuzz" Fuzz/LessonFuzz Sources/Lessons "$out/obj/RNNCore.o" "$out/obj/ScopeNames.o" "$out/obj/Yams.o"; then
                    echo "== lessons-fuzz (${#lesson_sources[@]} files of Sources/Lessons)"
                    link "${swift_flags[@]}" -swift-version 6 -module-name LessonFuzz -I "$cyaml_include" \
                        "${lesson_sources[@]}" "$PWD"/Fuzz/LessonFuzz/*.swift \
                        "$out/obj/RNNCore.o" "$out/obj/Localization.o" "$out/obj/ScopeNames.o" "$out/obj/Yams.o" "$out"/obj/cyaml/*.o -o "$out/bin/lessons-fuzz"
                fi ;;
        esac
    done
}

# The ld.gold "Cannot export local symbol '__asan_…'" warnings are harmless noise.
build 2> >(grep -v "Cannot export local symbol" >&2)
[[ "$seconds" -gt 0 ]] || { echo "built: $(ls "$out"/bin/*-fuzz | tr '\n' ' ')"; exit 0; }

# Inputs may grow to (libFuzzer's -len_control still starts them small): 128 KiB of
# safetensors is room for shapes whose data the file really holds yet whose model would be
# huge (H in the thousands); 64 KiB of lesson is ten times the longest shipped lesson.
declare -A max_len=([safetensors]=131072 [lessons]=65536)
status=0
for t in "${targets[@]}"; do
    corpus="$out/corpus/$t" artifacts="$out/artifacts/$t/"
    log="$out/logs/$t-$(date +%Y%m%d-%H%M%S).log"
    mkdir -p "$corpus" "$artifacts"
    echo "== fuzzing $t for ${seconds}s (log: $log)"
    set +e
    # SWIFT_BACKTRACE=enable=no: otherwise Swift's crash reporter attaches to a crashing input
    # and libFuzzer never gets to write the crash- file.
    SWIFT_BACKTRACE=enable=no run "$out/bin/$t-fuzz" "$corpus" "Fuzz/corpus/$t" \
        -dict="Fuzz/dict/$t.dict" -max_len="${max_len[$t]}" -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 \
        -artifact_prefix="$artifacts" -print_final_stats=1 ${FUZZ_ARGS:-} > "$log" 2>&1
    code=$?
    set -e
    [[ $code -eq 0 ]] || status=$code
    echo "-- $t: exit $code"
    grep -E "^#[0-9]+[[:space:]]+(INITED|DONE)" "$log" | tail -2 || true
    grep -E "^stat::|^SUMMARY|^==[0-9]+==ERROR|Fatal error|Test unit written" "$log" || true
    echo "   corpus: $(ls "Fuzz/corpus/$t" | wc -l) seeds + $(ls "$corpus" | wc -l) found in $corpus"
    echo "   artifacts: $(ls "$artifacts" | wc -l) in $artifacts"
done
exit $status
