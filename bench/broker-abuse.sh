#!/usr/bin/env bash
# Broker memory under hostile clients (issue 13, finding 4). Starts the real broker (Release build) on free ports
# with one provisioned device, runs each attack with raw sockets (python3), and reports the broker's RSS
# (VmRSS from /proc) and its anonymous part (RssAnon) before, at their peak during, and 10 s after each attack, with
# the managed heap after the last garbage collection and the memory the GC has committed (from /metrics) 10 s after. The attacks run ROUNDS times
# (default 2) in the same broker: growth in the first round that the second does not repeat is paid once (code
# compiled on first use, pools), not per attack. Not a test: run it on a quiet machine.
#   bench/broker-abuse.sh            # all attacks, two rounds
#   ATTACK_SECONDS=60 ROUNDS=3 bench/broker-abuse.sh
#   BROKER_ARGS="--Broker:Memory:ReclaimAfterAttack=00:00:00" bench/broker-abuse.sh   # without the reclaim
#   BROKER_ARGS="--Broker:Mqtt:Limits:ConnectionBurstPerAddress=5000" bench/broker-abuse.sh
# Every attacker is 127.0.0.1, so the per-address connection rate (200 burst, 50/s) refuses most of the 1,000 idle
# sockets at accept; raise it with BROKER_ARGS to see the connect timeout alone.
# Figures go to docs/limits-and-abuse.md with the date, `uptime` and the exact command.
set -euo pipefail
cd "$(dirname "$0")/.."
ATTACK_SECONDS="${ATTACK_SECONDS:-30}"
ROUNDS="${ROUNDS:-2}"
work="$(mktemp -d /tmp/sm-broker-abuse-XXXXXX)"
broker_pid=""
cleanup() { [[ -n "$broker_pid" ]] && kill "$broker_pid" 2>/dev/null && wait "$broker_pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

dotnet build edge-broker/SmartMaintenance.EdgeBroker -c Release -nologo -v q >/dev/null
dll="edge-broker/SmartMaintenance.EdgeBroker/bin/Release/net10.0/SmartMaintenance.EdgeBroker.dll"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
mqtt_port="$(free_port)"; http_port="$(free_port)"
secret="abuse-bench-secret-$(date +%s)"
dotnet "$dll" provision --device dev-1 --site plant-1 --file "$work/devices.json" --secret "$secret" >/dev/null

dotnet "$dll" --urls="http://127.0.0.1:$http_port" --Broker:Mqtt:Port="$mqtt_port" --Broker:Devices:File="$work/devices.json" \
  --Broker:Outbox:Directory="$work/outbox" --Broker:DeadLetters:Directory="$work/deadletters" \
  --Broker:Cloud:BaseUrl=http://127.0.0.1:9 --Broker:Cloud:ApiKey=abuse-bench-key-0123456789 \
  --Logging:LogLevel:Default=Error ${BROKER_ARGS:-} >"$work/broker.log" 2>&1 &
broker_pid=$!
for _ in $(seq 100); do curl -fs "http://127.0.0.1:$http_port/health" >/dev/null && break; sleep 0.2; done

rss_mb() { awk '/VmRSS/ {printf "%.0f", $2/1024}' "/proc/$broker_pid/status"; }
# The anonymous part of RSS (heap, stacks, native allocations): VmRSS also counts the mapped assembly images (RssFile)
# and the JIT's code in shared memory (RssShmem), which grow once as attacks run new code paths.
anon_mb() { awk '/RssAnon/ {printf "%.0f", $2/1024}' "/proc/$broker_pid/status"; }
# A gauge from /metrics in MB (one decimal).
metric_mb() { curl -fs "http://127.0.0.1:$http_port/metrics" | awk -v m="$1" '$1 == m {printf "%.1f", $2/1048576}'; }
metric() { curl -fs "http://127.0.0.1:$http_port/metrics" | awk -v m="$1" '$1 == m {print $2}'; }

run_attack() {
  local name="$1" script="$2" before peak after anon_before anon_peak
  before="$(rss_mb)"; peak="$before"; anon_before="$(anon_mb)"; anon_peak="$anon_before"
  python3 -c "$script" "$mqtt_port" "$secret" "$ATTACK_SECONDS" &
  local attacker=$!
  while kill -0 "$attacker" 2>/dev/null; do
    local now; now="$(rss_mb)"; (( now > peak )) && peak="$now"
    now="$(anon_mb)"; (( now > anon_peak )) && anon_peak="$now"; sleep 0.5
  done
  sleep 10
  after="$(rss_mb)"
  printf '| %s | %-34s | %6s | %6s | %6s | %6s | %6s | %6s | %6s | %6s | %s |\n' "$round" "$name" "$before" "$peak" "$after" \
    "$anon_before" "$anon_peak" "$(anon_mb)" \
    "$(metric_mb sm_broker_gc_heap_bytes)" "$(metric_mb sm_broker_gc_committed_bytes)" "$(metric sm_broker_memory_reclaims_total)"
}

common='
import socket, sys, time
port, secret, seconds = int(sys.argv[1]), sys.argv[2], float(sys.argv[3])
def s(): 
    c = socket.create_connection(("127.0.0.1", port)); return c
def text(v): b = v.encode(); return bytes([len(b) >> 8, len(b) & 255]) + b
def packet(t, body):
    n, h = len(body), bytearray([t])
    while True:
        b, n = n % 128, n // 128
        h.append(b | (128 if n else 0))
        if not n: break
    return bytes(h) + body
def connect(): return packet(0x10, b"\x00\x04MQTT\x05\xc2\x00\x3c\x00" + text("dev-1") + text("dev-1") + text(secret))
'

echo "| round | attack ($ATTACK_SECONDS s) | RSS before MB | RSS peak MB | RSS 10 s after MB | anon before MB | anon peak MB | anon 10 s after MB | GC heap 10 s after MB | GC committed 10 s after MB | reclaims so far |"
echo "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
for round in $(seq "$ROUNDS"); do
run_attack "CONNECT declaring 250 MiB, repeated" "$common
end = time.time() + seconds
while time.time() < end:
    try: c = s()
    except OSError: continue  # refused at accept by the per-address rate
    try:
        c.sendall(bytes([0x10, 0xff, 0xff, 0x9f, 0x7d]))  # CONNECT declaring 262,652,031 bytes
        c.sendall(bytes(1 << 20) * 8)
    except OSError: pass
    c.close()"
run_attack "1,000 sockets never sending CONNECT" "$common
socks = []
for _ in range(1000):
    try: socks.append(s())
    except OSError: pass  # refused at accept by the per-address rate (a reset during the handshake)
time.sleep(seconds)"
run_attack "200 slowloris CONNECTs (1 byte/s)" "$common
socks = []
for _ in range(200):
    try: socks.append(s())
    except OSError: pass
data = connect(); end = time.time() + seconds; i = 0
while time.time() < end and i < len(data):
    for c in socks:
        try: c.send(data[i:i+1])
        except OSError: pass
    i += 1; time.sleep(1)"
run_attack "subscriber never reading, QoS 1 flood" "$common
def login():
    c = s(); c.sendall(connect()); c.recv(64)
    c.sendall(packet(0x82, b'\\x00\\x01\\x00' + text('sm/v1/plant-1/dev-1/config') + b'\\x01'))  # SUBSCRIBE, then never read
    return c
c = login(); end = time.time() + seconds; i = 0
while time.time() < end:
    try: c.sendall(b''.join(packet(0x32, text('not/allowed') + bytes([(j % 65535 + 1) >> 8, (j % 65535 + 1) & 255, 0]) + b'x') for j in range(i, i + 100)))
    except OSError:
        c = login()  # cut off by the broker: log in again and go on
    i += 100"
run_attack "10 MiB PUBLISH after login, repeated" "$common
end = time.time() + seconds
while time.time() < end:
    c = s(); c.sendall(connect()); c.recv(64)
    try: c.sendall(packet(0x32, text('sm/v1/plant-1/dev-1/telemetry') + b'\x00\x01\x00' + bytes(10 << 20)))
    except OSError: pass
    c.close()"
done
echo
curl -fs "http://127.0.0.1:$http_port/metrics" | grep -E '^sm_broker_connection_limits_total'
