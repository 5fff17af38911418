#!/usr/bin/env python3
"""Follow InfraKit's Event/0.1.0 interface over a unix socket, with the standard library only.

    python3 examples/events/follow.py                              # every event of every group
    python3 examples/events/follow.py --topic group/workers/       # one group's events
    python3 examples/events/follow.py --topic group/workers/ --until PROVISIONED --timeout 60

Prints each event as one line of JSON ({"Topic", "Type", "ID", "Timestamp", "Data"}), as the daemon
sends it. The socket is the manager's ($INFRAKIT_PLUGINS_DIR or $INFRAKIT_HOME/plugins, default
~/.infrakit/plugins, then "group"). Exit codes: 0 when --until saw its type (or the stream ended),
1 on a failure or a --timeout, 2 for bad arguments.
"""
import argparse
import http.client
import json
import os
import signal
import socket
import sys
import urllib.parse


class UnixHTTPConnection(http.client.HTTPConnection):
    """HTTP over a unix socket: InfraKit plugins listen on sockets, not ports."""

    def __init__(self, path, timeout):
        super().__init__("localhost", timeout=timeout)
        self.path = path

    def connect(self):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.settimeout(self.timeout)
        self.sock.connect(self.path)


def default_socket():
    plugins = os.environ.get("INFRAKIT_PLUGINS_DIR") or os.path.join(
        os.environ.get("INFRAKIT_HOME") or os.path.expanduser("~/.infrakit"), "plugins")
    return os.path.join(plugins, "group")


def events(response):
    """Yields the JSON of each server-sent event's data lines; skips comments (keep-alives)."""
    data = []
    while True:
        line = response.readline()
        if not line:
            return
        line = line.decode("utf-8").rstrip("\r\n")
        if line == "":
            if data:
                yield json.loads("\n".join(data))
                data = []
        elif line.startswith("data:"):
            data.append(line[5:].lstrip(" "))


def main():
    p = argparse.ArgumentParser(description="Follow the manager's events (InfraKit's Event/0.1.0).")
    p.add_argument("--socket", default=default_socket(), help="the manager's socket (default: %(default)s)")
    p.add_argument("--topic", default="group/", help="topic to follow, e.g. group/workers/ (default: %(default)s)")
    p.add_argument("--after", type=int, help="start after this event ID (default: only new events)")
    p.add_argument("--until", metavar="TYPE", help="exit 0 after the first event of this type, e.g. PROVISIONED")
    p.add_argument("--timeout", type=int, help="give up (exit 1) after this many seconds")
    args = p.parse_args()

    query = {"topic": args.topic}
    if args.after is not None:
        query["after"] = str(args.after)
    def give_up(signum, frame):
        raise TimeoutError()

    if args.timeout:
        # One deadline for the whole run: keep-alive comments arrive every 10 s, so a read timeout would not do.
        signal.signal(signal.SIGALRM, give_up)
        signal.alarm(max(1, int(args.timeout)))
    conn = UnixHTTPConnection(args.socket, None)
    try:
        conn.request("GET", "/events?" + urllib.parse.urlencode(query), headers={"Accept": "text/event-stream"})
        response = conn.getresponse()
        if response.status != 200:
            sys.stderr.write("follow.py: %s answered HTTP %d: %s\n" % (args.socket, response.status,
                                                                      response.read().decode("utf-8", "replace").strip()))
            return 1
        sys.stderr.write("follow.py: following %s on %s\n" % (args.topic, args.socket))
        sys.stderr.flush()
        for event in events(response):
            print(json.dumps(event), flush=True)
            if args.until and event.get("Type") == args.until:
                return 0
        return 0
    except TimeoutError:
        sys.stderr.write("follow.py: %s within %s s\n" % ("no " + args.until + " event" if args.until else "stopped",
                                                          args.timeout))
        return 1
    except OSError as e:
        sys.stderr.write("follow.py: cannot follow %s: %s\n" % (args.socket, e))
        return 1
    finally:
        conn.close()


if __name__ == "__main__":
    sys.exit(main())
