#!/usr/bin/env python3
"""A scripted OpenAI-compatible chat-completions server for end-to-end tests (loopback only).

Each POST to /v1/chat/completions takes the next step of the script (a JSON file: a list
of steps, each {"text": "..."} or {"tool": NAME, "arguments": {...}}) and streams it as
server-sent events, as a real server does. Usage: scripted-openai.py SCRIPT.json PORT_FILE
(it binds 127.0.0.1 on a free port and writes the port to PORT_FILE)."""
import http.server
import json
import sys
import threading

steps = json.load(open(sys.argv[1]))
lock = threading.Lock()


class Handler(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        with lock:
            step = steps.pop(0) if steps else {"text": "(script exhausted)"}
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.end_headers()

        def send(delta, finish=None):
            chunk = {"id": "chatcmpl-e2e", "object": "chat.completion.chunk", "created": 1700000000,
                     "model": "scripted", "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]}
            self.wfile.write(b"data: " + json.dumps(chunk).encode() + b"\n\n")
            self.wfile.flush()

        if "tool" in step:
            send({"tool_calls": [{"index": 0, "id": "call_1", "type": "function",
                                  "function": {"name": step["tool"], "arguments": json.dumps(step["arguments"])}}]})
            send({}, "tool_calls")
        else:
            for word in step["text"].split(" "):
                send({"content": word + " "})
            send({}, "stop")
        self.wfile.write(b"data: [DONE]\n\n")
        self.wfile.flush()

    def log_message(self, *args):
        pass


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
with open(sys.argv[2], "w") as f:
    f.write(str(server.server_address[1]))
server.serve_forever()
