#!/usr/bin/env bash
# Diagnosis helper (not part of scripts/bench's table): runs a browser bench with the page's
# main thread alone on CPU 1 and every other thread — Chromium's compositor, raster and browser
# threads, V8's background compilers, node, this script — on CPU 0, re-applied every 0.2 s as
# threads appear. It separates the code's own keystroke tail from the stalls of sharing this
# 2-vCPU machine's cores (BENCHMARKS.md, sixteenth round). Linux only (taskset).
#   bench/web/pinned.sh node bench/web/floor.mjs dist tests/fixtures/large/combined.json 600 app
set -uo pipefail
"$@" &
bench=$!
taskset -p -c 0 $$ > /dev/null
while kill -0 "$bench" 2>/dev/null; do
    for pid in $(pgrep -f chromium) $(pgrep -x node); do
        # A renderer's main thread has the process's id.
        renderer=0
        grep -qa -- '--type=renderer' "/proc/$pid/cmdline" 2>/dev/null && renderer=1
        for t in /proc/"$pid"/task/*; do
            tid=${t##*/}
            if [ "$renderer" = 1 ] && [ "$tid" = "$pid" ]; then cpu=1; else cpu=0; fi
            taskset -p -c "$cpu" "$tid" > /dev/null 2>&1
        done
    done
    sleep 0.2
done
wait "$bench"
