#!/usr/bin/env python3
"""A small InfraKit instance plugin in plain Python 3 (standard library only).

It keeps pretend "VMs" in memory and speaks InfraKit's plugin protocol: JSON-RPC 2.0 in
HTTP/1.1 POSTs over a unix socket. Any InfraKit client (ours in Java, InfraKit's in Go, curl)
can drive it. See README.md beside this file.

    python3 plugin.py [--name python] [--object vm]

The socket is $INFRAKIT_PLUGINS_DIR/<name>, or $INFRAKIT_HOME/plugins/<name>
(INFRAKIT_HOME defaults to ~/.infrakit). The plugin's objects are then addressed as
<name>/<object>, e.g. python/vm.
"""

import argparse
import http.server
import itertools
import json
import os
import random
import signal
import socket
import socketserver
import sys
import threading
import time

INSTANCE_API = "Instance/0.6.1"
EVENTS_API = "InstanceEvents/0.1.0"  # our extension: changes streamed to controllers (see README.md)
EVENTS_KEPT = 4096  # changes kept for clients that are behind
MAX_WAIT_SECONDS = 60
MAX_BODY = 16 * 1024 * 1024  # refuse larger requests instead of reading them into memory

# JSON-RPC 2.0 error codes
PARSE_ERROR = -32700
INVALID_REQUEST = -32600
METHOD_NOT_FOUND = -32601
INVALID_PARAMS = -32602
PLUGIN_ERROR = -32000  # InfraKit's code for a plugin's own failure


class RpcError(Exception):
    """An error answered to the caller as a JSON-RPC error object."""

    def __init__(self, code, message):
        super().__init__(message)
        self.code = code
        self.message = message


class Instances:
    """The pretend cloud: instances in memory, safe to use from several threads."""

    def __init__(self, prefix):
        self._lock = threading.Lock()
        self._instances = {}  # ID -> {"ID", "LogicalID", "Tags", "Properties", "Init", "Attachments"}
        self._ids = itertools.count(1)
        self._prefix = prefix
        # InstanceEvents: every change gets a sequence number; a cursor is "<epoch>-<next seq>". A new
        # process is a new epoch, so a client's old cursor gets Reset (it must observe again).
        self._changed = threading.Condition(self._lock)
        self._events = []  # [(seq, {"Kind", "ID", "Tags", "Detail"})], oldest first
        self._next_seq = 0
        self._epoch = "%x" % random.getrandbits(62)

    def validate(self, properties):
        if properties is not None and not isinstance(properties, dict):
            raise RpcError(PLUGIN_ERROR, "Properties must be a JSON object such as {\"size\": \"small\"}, not %s"
                           % json.dumps(properties))
        if properties and "size" in properties and properties["size"] not in ("small", "large"):
            raise RpcError(PLUGIN_ERROR, "Properties.size is %s; use \"small\" or \"large\"" % json.dumps(properties["size"]))

    def provision(self, spec):
        self.validate(spec.get("Properties"))
        tags = dict(spec.get("Tags") or {})
        with self._lock:
            instance_id = "%s-%d" % (self._prefix, next(self._ids))
            self._instances[instance_id] = {
                "ID": instance_id,
                "LogicalID": spec.get("LogicalID"),
                "Tags": tags,
                "Properties": spec.get("Properties"),
                "Init": spec.get("Init") or "",
                "Attachments": spec.get("Attachments"),
            }
        return instance_id

    def label(self, instance_id, labels):
        with self._lock:
            instance = self._get(instance_id)
            instance["Tags"].update(labels or {})
            self._record("CHANGED", instance, "labelled")

    def destroy(self, instance_id):
        with self._lock:
            instance = self._get(instance_id)
            del self._instances[instance_id]
            # Whoever destroyed it, a controller watching must learn the instance is gone.
            self._record("LOST", instance, "destroyed")

    def _record(self, kind, instance, detail):
        """Called with the lock held: appends one change and wakes the waiting Next calls."""
        event = {"Kind": kind, "ID": instance["ID"], "Tags": dict(instance["Tags"]), "Detail": detail}
        self._events.append((self._next_seq, event))
        self._next_seq += 1
        del self._events[:-EVENTS_KEPT]
        self._changed.notify_all()

    def next_events(self, cursor, wait_seconds):
        """InstanceEvents.Next: the changes after cursor, waiting up to wait_seconds for the first one."""
        with self._lock:
            if not cursor:
                return {"Cursor": "%s-%d" % (self._epoch, self._next_seq), "Reset": False, "Events": []}
            epoch, _, seq = cursor.rpartition("-")
            oldest = self._events[0][0] if self._events else self._next_seq
            if epoch != self._epoch or not seq.isdigit() or not oldest <= int(seq) <= self._next_seq:
                return {"Cursor": "%s-%d" % (self._epoch, self._next_seq), "Reset": True, "Events": []}
            start = int(seq)
            deadline = time.monotonic() + wait_seconds
            while self._next_seq <= start and time.monotonic() < deadline:
                self._changed.wait(deadline - time.monotonic())
            events = [e for s, e in self._events if s >= start]
            return {"Cursor": "%s-%d" % (self._epoch, start + len(events)), "Reset": False, "Events": events}

    def describe(self, tags, with_properties):
        tags = tags or {}
        out = []
        with self._lock:
            for instance in self._instances.values():
                if all(instance["Tags"].get(k) == v for k, v in tags.items()):
                    description = {"ID": instance["ID"], "LogicalID": instance["LogicalID"],
                                   "Tags": dict(sorted(instance["Tags"].items()))}
                    if with_properties:
                        description["Properties"] = instance["Properties"]
                    out.append(description)
        return out

    def _get(self, instance_id):
        instance = self._instances.get(instance_id)
        if instance is None:
            raise RpcError(PLUGIN_ERROR, "no instance with ID %s (never provisioned here, or already destroyed)"
                           % json.dumps(instance_id))
        return instance


class Plugin:
    """Dispatches JSON-RPC methods to the objects this socket serves."""

    def __init__(self, objects):
        self.objects = objects  # object name -> Instances

    def hello(self, params):
        objects = [{"Name": name, "ProxyFor": ""} for name in self.objects]
        return {"Objects": {INSTANCE_API: objects, EVENTS_API: objects}}

    def call(self, method, params):
        if method == "Handshake.Hello":
            return self.hello(params)
        handler = INSTANCE_METHODS.get(method) or EVENTS_METHODS.get(method)
        if handler is None:
            raise RpcError(METHOD_NOT_FOUND, "method %s not found; this plugin implements Handshake.Hello and %s"
                           % (json.dumps(method), ", ".join(sorted(INSTANCE_METHODS) + sorted(EVENTS_METHODS))))
        if not isinstance(params, dict):
            raise RpcError(INVALID_PARAMS, "params must be an object such as {\"Type\": \"vm\", ...}")
        object_name = params.get("Type") or ""
        if not isinstance(object_name, str):
            raise RpcError(INVALID_PARAMS, "params.Type must be a string naming the object, e.g. \"vm\"")
        instances = self.objects.get(object_name)
        if instances is None:
            raise RpcError(PLUGIN_ERROR, "no object %s here; objects: %s"
                           % (json.dumps(object_name), ", ".join(self.objects)))
        # Every answer echoes the object it was addressed to, first like InfraKit's.
        return {"Type": object_name, **handler(instances, params)}


def _field(params, name, kind, example, required=True):
    """Reads params[name], checking its JSON type; a wrong type is an invalid-params error."""
    value = params.get(name)
    if value is None:
        if required:
            raise RpcError(INVALID_PARAMS, "params.%s is missing; give it like %s" % (name, example))
        return None
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise RpcError(INVALID_PARAMS, "params.%s is %s; it must look like %s" % (name, json.dumps(value), example))
    return value


def _validate(instances, params):
    instances.validate(params.get("Properties"))
    return {"OK": True}


def _provision(instances, params):
    spec = _field(params, "Spec", dict, "{\"Properties\": {...}, \"Tags\": {...}}")
    if spec.get("Tags") is not None and not isinstance(spec["Tags"], dict):
        raise RpcError(INVALID_PARAMS, "params.Spec.Tags must be an object of strings")
    return {"ID": instances.provision(spec)}


def _label(instances, params):
    instance_id = _field(params, "Instance", str, "\"vm-1\"")
    labels = _field(params, "Labels", dict, "{\"owner\": \"me\"}", required=False)
    instances.label(instance_id, labels)
    return {"OK": True}


def _destroy(instances, params):
    instance_id = _field(params, "Instance", str, "\"vm-1\"")
    _field(params, "Context", dict, "{\"Reason\": \"terminate\"}", required=False)
    instances.destroy(instance_id)
    return {"OK": True}


def _describe(instances, params):
    tags = _field(params, "Tags", dict, "{\"infrakit.group\": \"workers\"}", required=False)
    with_properties = _field(params, "Properties", bool, "true or false", required=False) or False
    return {"Descriptions": instances.describe(tags, with_properties)}


INSTANCE_METHODS = {
    "Instance.Validate": _validate,
    "Instance.Provision": _provision,
    "Instance.Label": _label,
    "Instance.Destroy": _destroy,
    "Instance.DescribeInstances": _describe,
}


def _next(instances, params):
    cursor = params.get("Cursor") or ""
    wait = params.get("WaitSeconds") or 0
    if not isinstance(cursor, str):
        raise RpcError(INVALID_PARAMS, "params.Cursor must be a string: \"\" to start, then the Cursor of the last answer")
    if not isinstance(wait, int) or isinstance(wait, bool) or not 0 <= wait <= MAX_WAIT_SECONDS:
        raise RpcError(INVALID_PARAMS, "params.WaitSeconds is %s; give 0 (answer at once) to %d"
                       % (json.dumps(wait), MAX_WAIT_SECONDS))
    return instances.next_events(cursor, wait)


EVENTS_METHODS = {"InstanceEvents.Next": _next}


def api_description():
    """What GET /info/api.json answers: the interfaces this plugin implements."""
    example = {"Type": "", "Properties": None}
    return {
        "Implements": [{"Name": "Instance", "Version": "0.6.1", "Sub": ""},
                       {"Name": "InstanceEvents", "Version": "0.1.0", "Sub": ""}],
        "Interfaces": [{"Name": "Instance", "Version": "0.6.1", "Sub": "",
                        "Methods": [{"Request": {"jsonrpc": "2.0", "method": m, "params": example, "id": "1"}}
                                    for m in sorted(INSTANCE_METHODS)]},
                       {"Name": "InstanceEvents", "Version": "0.1.0", "Sub": "",
                        "Methods": [{"Request": {"jsonrpc": "2.0", "method": "InstanceEvents.Next",
                                                 "params": {"Type": "", "Cursor": "", "WaitSeconds": 10}, "id": "1"}}]}],
    }


def handle_body(plugin, body):
    """Turns one HTTP body into one JSON-RPC response object (None for a notification)."""
    try:
        request = json.loads(body)
    except (ValueError, UnicodeDecodeError) as e:
        return error_response(None, PARSE_ERROR, "request body is not JSON: %s" % e)
    if not isinstance(request, dict) or request.get("jsonrpc") != "2.0" or not isinstance(request.get("method"), str):
        request_id = request.get("id") if isinstance(request, dict) else None
        return error_response(request_id, INVALID_REQUEST,
                              "not a JSON-RPC 2.0 request; send {\"jsonrpc\":\"2.0\",\"method\":...,\"params\":{...},\"id\":1}")
    request_id = request.get("id")
    notification = "id" not in request  # JSON-RPC 2.0: carried out, never answered (not even an error)
    try:
        result = plugin.call(request["method"], request.get("params", {}))
        return None if notification else {"jsonrpc": "2.0", "result": result, "id": request_id}
    except RpcError as e:
        return None if notification else error_response(request_id, e.code, e.message)
    except Exception as e:  # a bug here must not stop the server; report it as the plugin's error
        return None if notification else error_response(request_id, PLUGIN_ERROR, "internal error: %s" % e)


def error_response(request_id, code, message):
    return {"jsonrpc": "2.0", "error": {"code": code, "message": message, "data": None}, "id": request_id}


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep connections open between calls, as InfraKit's clients expect

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY:
            self.close_connection = True  # the unread body makes the connection unusable
            self._send(error_response(None, INVALID_REQUEST, "request body of %d bytes is over the %d byte limit"
                                      % (length, MAX_BODY)))
            return
        self._send(handle_body(self.server.plugin, self.rfile.read(length)))

    def do_GET(self):
        if self.path == "/info/api.json":
            self._send(api_description())
        else:
            self.send_error(404)

    def _send(self, obj):
        if obj is None:  # a notification: an empty 200, as InfraKit's server answers it
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        data = json.dumps(obj).encode("utf-8")
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, fmt, *args):
        # The default logger prints the client address, which a unix socket does not have.
        if self.server.verbose:
            sys.stderr.write("plugin: " + (fmt % args) + "\n")


class Server(socketserver.ThreadingMixIn, socketserver.UnixStreamServer):
    daemon_threads = True


def socket_path(name):
    plugins_dir = os.environ.get("INFRAKIT_PLUGINS_DIR")
    if not plugins_dir:
        home = os.environ.get("INFRAKIT_HOME") or os.path.join(os.path.expanduser("~"), ".infrakit")
        plugins_dir = os.path.join(home, "plugins")
    return os.path.join(plugins_dir, name)


def claim_socket(path):
    """Removes a stale socket file; refuses when a live plugin answers on it."""
    if not os.path.exists(path):
        return
    probe = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        probe.connect(path)
    except OSError:
        os.unlink(path)  # nobody listens: left over from a plugin that died
        return
    finally:
        probe.close()
    sys.exit("plugin: %s is in use by a running plugin; stop it or choose another --name" % path)


def main():
    parser = argparse.ArgumentParser(description="Example InfraKit instance plugin in Python")
    parser.add_argument("--name", default="python", help="socket name (default: python)")
    parser.add_argument("--object", default="vm", help="name of the object served (default: vm)")
    parser.add_argument("--verbose", action="store_true", help="log every HTTP request")
    args = parser.parse_args()

    path = socket_path(args.name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    claim_socket(path)
    server = Server(path, Handler)
    server.plugin = Plugin({args.object: Instances(args.object)})
    server.verbose = args.verbose
    pid_file = path + ".pid"
    with open(pid_file, "w") as f:
        f.write(str(os.getpid()))

    def stop(signum, frame):
        # shutdown() waits for serve_forever to return, so it must run on another thread.
        threading.Thread(target=server.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    print("plugin: serving %s/%s on %s" % (args.name, args.object, path), flush=True)
    try:
        server.serve_forever()
    finally:
        server.server_close()
        for leftover in (path, pid_file):
            try:
                os.unlink(leftover)
            except FileNotFoundError:
                pass
        print("plugin: stopped", flush=True)


if __name__ == "__main__":
    main()
