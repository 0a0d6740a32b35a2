# tauri-driver for the scripts that drive the real app (tests/e2e/run.sh,
# tests/perf/memory-rounds.sh). Sourced, not run.

# A free loopback TCP port.
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# Free ports for tauri-driver and the WebKitWebDriver behind it, so that two runs on one machine
# (a CI trial beside a local run) never meet on fixed ones; WEBDRIVER_URL is for the node side.
choose_driver_ports() {
  DRIVER_PORT=$(free_port)
  NATIVE_DRIVER_PORT=$(free_port)
  while [ "$NATIVE_DRIVER_PORT" = "$DRIVER_PORT" ]; do NATIVE_DRIVER_PORT=$(free_port); done
  export DRIVER_PORT NATIVE_DRIVER_PORT WEBDRIVER_URL="http://127.0.0.1:$DRIVER_PORT"
}

# Starts tauri-driver on the chosen ports with its output in $1, sets `driver` to its pid and
# waits (10 s at most) until it answers.
start_driver() {
  tauri-driver --port "$DRIVER_PORT" --native-port "$NATIVE_DRIVER_PORT" >"$1" 2>&1 &
  driver=$!
  for _ in $(seq 1 50); do
    curl -fs "$WEBDRIVER_URL/status" >/dev/null 2>&1 && return 0
    sleep 0.2
  done
}
