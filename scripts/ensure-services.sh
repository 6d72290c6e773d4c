#!/usr/bin/env bash
# Starts the services the test suite talks to when they are installed but not running
# (PostgreSQL on 127.0.0.1:5432, NATS JetStream on 127.0.0.1:4222). Installs nothing it cannot find.
set -u

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

if ! port_open 5432; then
  if command -v pg_ctlcluster >/dev/null 2>&1 && [ -d /etc/postgresql ]; then
    echo "starting PostgreSQL"
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start || true
  else
    echo "PostgreSQL is not installed; install it (apt-get install postgresql) to run the PostgreSQL store tests" >&2
  fi
fi

if ! port_open 4222; then
  if [ -x /usr/sbin/nats-server ]; then
    echo "starting NATS JetStream"
    mkdir -p /var/lib/nats-server
    start-stop-daemon --start --oknodo --background --exec /usr/sbin/nats-server -- \
      -a 127.0.0.1 -p 4222 -js -sd /var/lib/nats-server -l /var/log/nats-server.log || true
  else
    echo "nats-server is not installed; install it (apt-get install nats-server) to run the NATS bus tests" >&2
  fi
fi

# The console's browser test drives Debian's Chromium through playwright-core (no browser download).
if ! command -v chromium >/dev/null 2>&1; then
  echo "installing chromium (console browser test)"
  (apt-get install -y chromium >/dev/null 2>&1 || (apt-get update >/dev/null 2>&1 && apt-get install -y chromium >/dev/null 2>&1)) || echo "warning: could not install chromium; the console browser test will fail" >&2
fi

for i in $(seq 1 30); do
  if port_open 5432 && port_open 4222; then exit 0; fi
  sleep 1
done
port_open 5432 || echo "warning: PostgreSQL is not reachable on 127.0.0.1:5432" >&2
port_open 4222 || echo "warning: NATS is not reachable on 127.0.0.1:4222" >&2
exit 0
