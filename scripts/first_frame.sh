#!/usr/bin/env bash
# Launch-to-first-frame time of the visualizer, measured from outside as a user sees it:
# start rnnscope in a detached tmux pane and poll the pane until the status line appears.
# Includes tmux's own start-up, so it overstates slightly. Usage: scripts/first_frame.sh [BINARY] [RUNS]
set -euo pipefail
binary="${1:-.build/release/rnnscope}"
runs="${2:-10}"
socket="rnnscope-ff-$$"
times=()
for run in $(seq "$runs"); do
    start=$(date +%s%N)
    tmux -L "$socket-$run" -f /dev/null new-session -d -x 120 -y 40 "TERM=xterm-256color $binary"
    until tmux -L "$socket-$run" capture-pane -p 2>/dev/null | grep -q "t=1/10"; do sleep 0.002; done
    end=$(date +%s%N)
    tmux -L "$socket-$run" kill-server 2>/dev/null || true
    times+=($(( (end - start) / 1000000 )))
done
sorted=$(printf '%s\n' "${times[@]}" | sort -n)
echo "first frame (ms), $runs runs: $(echo $sorted | tr '\n' ' ')"
echo "median: $(printf '%s\n' "${times[@]}" | sort -n | sed -n "$(( (runs + 1) / 2 ))p") ms"
