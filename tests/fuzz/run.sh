#!/bin/sh
# tests/fuzz/run.sh: build every libFuzzer harness in tests/fuzz/ with
# clang (ASan + UBSan + LeakSanitizer) against the lib sources, run each
# for SECONDS seconds on a copy of its seed corpus, and report.
#
# Usage: tests/fuzz/run.sh SRCDIR OUTDIR SECONDS
# Prints "fuzz NAME: ok (N runs)" or "fuzz NAME: FAILED" per harness and
# "fuzz: P passed, F failed" at the end; exits non-zero if any failed.
# Details of a failure go to stderr. Logs, the grown corpora and crash artifacts stay in OUTDIR.
set -u

if [ $# -ne 3 ]; then
	echo "usage: $0 SRCDIR OUTDIR SECONDS" >&2
	exit 2
fi
SRCDIR=$1
OUTDIR=$2
SECS=$3
case $SECS in
''|*[!0-9]*) echo "$0: SECONDS must be a whole number" >&2; exit 2 ;;
esac

HARNESSES="form cookie json params conf"
LIBSRC="pl_util.c pl_form.c pl_param.c pl_escape.c pl_conf.c pl_log.c"
CC=${CLANG:-clang}

mkdir -p "$OUTDIR" || exit 2
SRCDIR=$(cd "$SRCDIR" && pwd) || exit 2
OUTDIR=$(cd "$OUTDIR" && pwd) || exit 2

# The lib sources include config.h; give them a minimal one.
if [ ! -f "$OUTDIR/config.h" ]; then
	printf '/* config.h for the fuzz build (tests/fuzz/run.sh) */\n#define PL_SYSCONFDIR "/etc"\n' \
	    >"$OUTDIR/config.h"
fi

if ! PKG=$(pkg-config --cflags --libs libcjson libsodium); then
	echo "fuzz: pkg-config cannot find libcjson or libsodium" >&2
	exit 2
fi

lib=""
for f in $LIBSRC; do
	lib="$lib $SRCDIR/lib/$f"
done

passed=0
failed=0
for name in $HARNESSES; do
	bin="$OUTDIR/fuzz_$name"
	log="$OUTDIR/fuzz_$name.log"
	corpus="$OUTDIR/corpus/$name"
	arts="$OUTDIR/artifacts/$name"

	# shellcheck disable=SC2086 # word splitting of $lib and $PKG is wanted
	if ! $CC -g -O1 -fsanitize=fuzzer,address,undefined \
	    -fno-sanitize-recover=undefined -I "$SRCDIR/lib" -I "$OUTDIR" \
	    -o "$bin" "$SRCDIR/tests/fuzz/fuzz_$name.c" $lib $PKG \
	    >"$log" 2>&1; then
		echo "fuzz $name: FAILED"
		echo "  (compile error, see $log)" >&2
		failed=$((failed + 1))
		continue
	fi

	rm -rf "$corpus" "$arts"
	mkdir -p "$corpus" "$arts"
	if [ -d "$SRCDIR/tests/fuzz/corpus/$name" ]; then
		cp "$SRCDIR/tests/fuzz/corpus/$name"/* "$corpus"/ 2>/dev/null
	fi

	if ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1} \
	    UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1} \
	    "$bin" -max_total_time="$SECS" -rss_limit_mb=2048 -timeout=30 \
	    -print_final_stats=1 -artifact_prefix="$arts/" "$corpus" \
	    >>"$log" 2>&1; then
		runs=$(sed -n 's/^Done \([0-9]*\) runs.*/\1/p' "$log" | tail -n 1)
		echo "fuzz $name: ok (${runs:-?} runs)"
		passed=$((passed + 1))
	else
		echo "fuzz $name: FAILED"
		echo "  (see $log; crash inputs in $arts)" >&2
		grep -m 1 -E 'ERROR: |runtime error:|deadly signal|leak' "$log" |
		    sed 's/^/  /' >&2
		failed=$((failed + 1))
	fi
done

echo "fuzz: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
