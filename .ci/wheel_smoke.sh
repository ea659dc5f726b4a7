#!/usr/bin/env bash
# The bot as an operator installs it: a wheel built from SOURCE (default: this checkout), installed
# non-editable into a fresh venv, started with `together run` from an empty folder (embedded PostgreSQL, local
# Discord emulator), healthy, running a job sent with the CLI, and stopping with exit code 0 on SIGTERM.
# A file missing from the wheel (a migration, the OpenAPI document, a catalog) fails here, not in production.
#
#   bash .ci/wheel_smoke.sh [SOURCE]
set -euo pipefail

src=$(cd "${1:-$(dirname "$0")/..}" && pwd)
python=${PYTHON:-python3}
work=$(mktemp -d "${TMPDIR:-/tmp}/together-wheel.XXXXXX")
bot_pid=""

# Bounds, in seconds: a hang fails the run instead of eating CI's limit.
start_limit=120
job_limit=60
stop_limit=60

log() { printf 'wheel smoke: %s\n' "$*" >&2; }

# Wait up to $1 seconds for the bot to exit; true once it has.
bot_exits_within() {
    local deadline=$((SECONDS + $1))
    while kill -0 "$bot_pid" 2>/dev/null; do
        [ "$SECONDS" -lt "$deadline" ] || return 1
        sleep 0.5
    done
}

cleanup() {
    local pgpid
    if [ -n "$bot_pid" ] && kill -0 "$bot_pid" 2>/dev/null; then
        # Gently first (it stops its embedded server itself), then its whole process group.
        kill -TERM "$bot_pid" 2>/dev/null || true
        bot_exits_within 30 || kill -KILL -- "-$bot_pid" 2>/dev/null || true
        wait "$bot_pid" 2>/dev/null || true
    fi
    # pg_ctl detaches the server from our process group: a bot that did not stop cleanly leaves it running.
    if [ -f "$work/data/pgdata/postmaster.pid" ]; then
        pgpid=$(head -n 1 "$work/data/pgdata/postmaster.pid")
        kill -INT "$pgpid" 2>/dev/null || true
        for _ in $(seq 50); do kill -0 "$pgpid" 2>/dev/null || break; sleep 0.2; done
    fi
    rm -rf "$work" 2>/dev/null || { sleep 2; rm -rf "$work"; } || log "could not remove $work"
}
trap cleanup EXIT

fail() {
    log "FAILED: $*"
    if [ -f "$work/bot.log" ]; then
        log "last lines of the bot's log:"
        tail -n 40 "$work/bot.log" >&2
    fi
    exit 1
}

mkdir -p "$work/wheel" "$work/run" "$work/data"
log "building the wheel from $src"
"$python" -m venv "$work/venv"
venv=$work/venv
"$venv/bin/pip" wheel -q --no-deps "$src" -w "$work/wheel"
wheel=$(ls "$work"/wheel/*.whl)
log "installing $(basename "$wheel") into a fresh venv"
"$venv/bin/pip" install -q "$wheel"

# Everything below runs from an empty folder with only the venv's environment: nothing of the source tree
# is importable, and no variable of the caller points the bot at another database or Discord.
port=$(cd "$work/run" && "$venv/bin/python" -c \
    'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
bot_env=(env -u DATABASE_URL -u DISCORD_TOKEN -u DISCORD_APP_ID -u DISCORD_API_BASE -u DISCORD_GUILD_ID
    -u DISCORD_OPENAPI_PATH -u ALLOWED_GUILD_IDS -u PYTHONPATH
    DATA_DIR="$work/data" HTTP_HOST=127.0.0.1 HTTP_PORT="$port")
together() { (cd "$work/run" && "${bot_env[@]}" "$venv/bin/together" "$@"); }

(cd "$work/run" && "${bot_env[@]}" "$venv/bin/python" - <<'PY') || fail "the installed package is incomplete"
import sys
from importlib.resources import files

import migrations
import together

for module in (migrations, together):
    if not module.__file__.startswith(sys.prefix):
        sys.exit(f"{module.__name__} is imported from {module.__file__}, not from the installed wheel")
if not [p for p in files("migrations").iterdir() if p.name.endswith(".sql")]:
    sys.exit("the wheel carries no migration")
for name in ("openapi.json", "LICENSE"):
    if not (files("gateway.emulator") / "discord_openapi" / name).is_file():
        sys.exit(f"the wheel carries no discord_openapi/{name}")
# Every feature's texts and content travel with it (a missing catalog fails the first reply, not the start).
import features
from features.kernel import FeatureHost
from gateway.i18n import LOCALES, catalog_directories, default_translator

host = features.install_features(FeatureHost())
for directory in catalog_directories():
    for locale in LOCALES:
        if not (directory / f"{locale}.po").is_file():
            sys.exit(f"the wheel carries no {directory.name}/{locale}.po in {directory.parent.name}")
default_translator().text("ru", "pair_home.title")
for check in host.content_checks:
    check()
PY

log "starting together run (HTTP port $port)"
# Job control puts the bot in a process group of its own (id = its pid), which cleanup can kill whole.
set -m
(cd "$work/run" && exec "${bot_env[@]}" "$venv/bin/together" run >"$work/bot.log" 2>&1) &
bot_pid=$!
set +m

healthz() {
    # Exit 0 only for 200 with "ok": true; the body goes to stdout either way when there is one.
    "$venv/bin/python" - "http://127.0.0.1:$port/healthz" <<'PY'
import json
import sys
import urllib.error
import urllib.request

try:
    with urllib.request.urlopen(sys.argv[1], timeout=5) as response:
        status, raw = response.status, response.read()
except urllib.error.HTTPError as exc:
    status, raw = exc.code, exc.read()
except OSError:
    sys.exit(1)
print(raw.decode(errors="replace"))
sys.exit(0 if status == 200 and json.loads(raw).get("ok") is True else 1)
PY
}

deadline=$((SECONDS + start_limit))
until body=$(healthz); do
    kill -0 "$bot_pid" 2>/dev/null || fail "together run exited before /healthz said ok"
    [ "$SECONDS" -lt "$deadline" ] || fail "/healthz did not answer 200 with ok true within ${start_limit}s: ${body:-no answer}"
    sleep 1
done
log "healthy: $body"
grep -q '"migrations applied"' "$work/bot.log" || fail "the log does not say that migrations were applied"

sent=$(together jobs send public.post.publish --guild 1) || fail "together jobs send failed: $sent"
job_id=${sent##* }
[[ "$job_id" =~ ^[0-9]+$ ]] || fail "unexpected answer from together jobs send: $sent"
log "sent job $job_id; waiting until it is done"
deadline=$((SECONDS + job_limit))
until together jobs list --state done --limit 1000 | grep -q "^${job_id}"$'\t'; do
    [ "$SECONDS" -lt "$deadline" ] || fail "job $job_id was not done within ${job_limit}s: $(together jobs depth)"
    sleep 1
done
log "job $job_id is done"

log "stopping with SIGTERM"
kill -TERM "$bot_pid"
bot_exits_within "$stop_limit" || fail "together run did not stop within ${stop_limit}s of SIGTERM"
code=0
wait "$bot_pid" || code=$?
bot_pid=""
[ "$code" -eq 0 ] || fail "together run exited with code $code after SIGTERM"
log "ok: installed from the wheel, healthy, ran job $job_id, stopped with exit code 0"
