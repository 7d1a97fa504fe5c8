#!/usr/bin/env bash
# Renders the README's pictures from real frames: the cockpit runs on a
# local lab inside tmux at a fixed size, tmux captures the screen with its
# colours (capture-pane -e), and freeze draws that capture as a PNG.
# Run it through `make screenshots`; it needs tmux, curl, freeze,
# rsvg-convert, DejaVu Sans Mono and a CJK font (the Makefile installs what
# is missing).
#
# Variables: BIN (warren binary), LAB (lab name), OUT (image directory),
# SESSION (tmux session name), FREEZE (freeze binary).
set -euo pipefail

BIN=${BIN:-bin/warren}
LAB=${LAB:-shots}
OUT=${OUT:-docs/img}
SESSION=${SESSION:-warren-shots}
FREEZE=${FREEZE:-$(go env GOPATH)/bin/freeze}
WORK=$(mktemp -d)
trap 'tmux kill-session -t "$SESSION" 2>/dev/null || true; rm -rf "$WORK"' EXIT

"$BIN" lab up --name "$LAB"
status=$("$BIN" lab status --name "$LAB" --json)
http=$(sed -n 's/.*"http_port": \([0-9]*\).*/\1/p' <<<"$status" | head -1)
version=$(sed -n 's/.*"version": "\([^"]*\)".*/\1/p' <<<"$status" | head -1)
api="http://127.0.0.1:$http/api"

# A little traffic, so that the queue pane has something to show.
seed() {
	local q=$1 n=$2
	curl -sf -u guest:guest -X PUT -H 'content-type: application/json' \
		-d '{"durable":true,"arguments":{"x-queue-type":"quorum"}}' "$api/queues/%2F/$q" >/dev/null
	curl -sf -u guest:guest -X DELETE "$api/queues/%2F/$q/contents" >/dev/null
	for _ in $(seq "$n"); do
		curl -sf -u guest:guest -X POST -H 'content-type: application/json' \
			-d "{\"properties\":{},\"routing_key\":\"$q\",\"payload\":\"demo\",\"payload_encoding\":\"string\"}" \
			"$api/exchanges/%2F/amq.default/publish" >/dev/null
	done
}
seed orders.created 120
seed payments.settle 45
seed audit.log 12

# shot NAME COLS ROWS KEYS [warren flags...]: the cockpit at COLS×ROWS,
# KEYS typed once it shows live data ("-" for none), rendered to OUT/NAME.png.
shot() {
	local name=$1 cols=$2 rows=$3 keys=$4
	shift 4
	local run="$WORK/run-$name"
	tmux kill-session -t "$SESSION" 2>/dev/null || true
	tmux new-session -d -s "$SESSION" -x "$cols" -y "$rows" \
		"env TERM=xterm-256color COLORTERM=truecolor $BIN --target lab:$LAB --to $version --run $run --color true --background dark $*; sleep 60"
	# Live panes: wait for the first reading ("… ago"), then let the
	# canary gather a few seconds of latency.
	for _ in $(seq 60); do
		tmux capture-pane -p -t "$SESSION" | grep -q ' ago' && break
		sleep 1
	done
	sleep 6
	if [ "$keys" != "-" ]; then
		tmux send-keys -t "$SESSION" "$keys"
		sleep 2
	fi
	tmux capture-pane -e -p -t "$SESSION" >"$WORK/$name.ansi"
	# A cockpit that did not start must not become a picture.
	if ! grep -q "lab:$LAB" "$WORK/$name.ansi"; then
		echo "screenshots: the cockpit did not come up for $name:" >&2
		tmux capture-pane -p -t "$SESSION" >&2
		exit 1
	fi
	tmux send-keys -t "$SESSION" q
	sleep 2
	tmux kill-session -t "$SESSION" 2>/dev/null || true
	# freeze draws the SVG; rsvg-convert rasterises it at 1.5× (freeze's own
	# PNG path renders at 4× and, without rsvg-convert, crashes here). Its
	# font lookup falls back to a CJK font for Chinese, two cells wide.
	"$FREEZE" "$WORK/$name.ansi" -o "$WORK/$name.svg" --window \
		--font.family "DejaVu Sans Mono" --font.size 14 --padding 20 --margin 0 >/dev/null
	rsvg-convert -z 1.5 "$WORK/$name.svg" -o "$OUT/$name.png"
}

mkdir -p "$OUT"
shot cockpit-120x40 120 40 -
shot cockpit-160x48 160 48 -
shot step-detail 120 40 Enter
shot cockpit-zh 120 40 - --lang zh
echo "wrote $OUT/cockpit-120x40.png $OUT/cockpit-160x48.png $OUT/step-detail.png $OUT/cockpit-zh.png"
