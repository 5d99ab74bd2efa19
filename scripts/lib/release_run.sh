# Sourced by the scripts that run the release binary beside real services: builds it
# ($bin), a work directory ($dir) removed on exit with every process whose pid is added
# to `pids`, and free_port for a loopback port nobody holds.
cargo build --release --quiet
bin=target/release/switchboard
dir=$(mktemp -d)
pids=()
trap 'kill "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$dir"' EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
