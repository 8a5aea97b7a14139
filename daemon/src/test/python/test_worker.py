"""worker.py, the CPython kernel's process: importing it does nothing, and each verb it answers
(run, clear, assign, sql_param, bind_table, analyze, rewrite) and its framing are tried here on
a namespace and pipes of the test's own, without starting a worker process."""
import json
import os
import struct
import sys
import unittest
from array import array

from cellar_modules import load

load("cellar_analyze")
load("cellar_rewrite")
load("cellar_sql")
outputs = load("cellar_outputs")
load("cellar_errors")
load("cellar_cells")
load("cellar_keeper")
_stdout_before = sys.stdout
worker = load("cellar_worker")


class ImportTest(unittest.TestCase):
    def test_importing_the_module_starts_nothing(self):
        self.assertIs(_stdout_before, sys.stdout)
        self.assertIsNone(worker._proto_in)
        self.assertIsNone(worker._proto_out)
        self.assertEqual([], worker._pumps)
        self.assertTrue(callable(worker.main))


class VerbsTest(unittest.TestCase):
    def setUp(self):
        self.sent = []
        outputs.setup(self.sent.append, lambda: None, 50)
        worker._ns = {"__name__": "__main__"}

    def test_run_runs_a_cell_in_the_namespace_and_shows_its_value(self):
        reply = worker._run({"code": "x = 40\nx + 2", "filename": "<cell c1>"}, [])
        self.assertEqual({"op": "done", "status": "ok"}, reply)
        self.assertEqual(40, worker._ns["x"])
        self.assertEqual([{"type": "text", "text": "42", "kind": "result"}], self.sent)
        self.assertFalse(worker._running)

    def test_run_of_a_failing_cell_answers_its_error(self):
        reply = worker._run({"code": "1 / 0", "filename": "<cell c2>"}, [])
        self.assertEqual("done", reply["op"])
        self.assertEqual("error", reply["status"])
        self.assertIn("ZeroDivisionError", json.dumps(reply))

    def test_clear_forgets_names_and_ignores_missing_ones(self):
        worker._ns.update(a=1, b=2)
        self.assertEqual({"op": "ok"}, worker._clear({"names": ["a", "never"]}, []))
        self.assertNotIn("a", worker._ns)
        self.assertEqual(2, worker._ns["b"])

    def test_assign_sets_json_values(self):
        worker._assign({"values": {"n": "3", "names": "[\"a\", \"b\"]", "on": "true"}}, [])
        self.assertEqual((3, ["a", "b"], True), (worker._ns["n"], worker._ns["names"], worker._ns["on"]))

    def test_sql_param_reads_a_variable_for_jdbc(self):
        worker._ns["limit"] = 10
        self.assertEqual({"op": "value", "value": ["int", "10"]}, worker._sql_param({"name": "limit"}, []))
        self.assertEqual({"op": "value", "value": ["missing"]}, worker._sql_param({"name": "nope"}, []))

    def test_bind_table_reads_the_columns_the_daemon_sent(self):
        ints = array("q", [1, 2, 3])
        if sys.byteorder != "little":
            ints.byteswap()
        ends = array("i", [1, 3, 6])
        if sys.byteorder != "little":
            ends.byteswap()
        message = {"name": "t", "columns": ["n", "s"], "types": ["BIGINT", "VARCHAR"], "kinds": ["int", "text"],
                   "size": 3, "nulls": [False, True]}
        blobs = [ints.tobytes(), bytes([0, 1, 0]), ends.tobytes(), "aéxyz".encode("utf-8")]
        self.assertEqual({"op": "ok"}, worker._bind_table(message, blobs))
        table = worker._ns["t"]
        self.assertEqual([{"n": 1, "s": "a"}, {"n": 2, "s": None}, {"n": 3, "s": "xyz"}], table.to_dicts())

    def test_analyze_answers_defs_and_refs_per_cell(self):
        reply = worker._analyze({"sources": ["y = x + 1", "import os"]}, [])
        self.assertEqual("analysis", reply["op"])
        self.assertEqual(["y"], reply["results"][0]["defs"])
        self.assertEqual(["x"], reply["results"][0]["refs"])
        self.assertEqual(["os"], reply["results"][1]["defs"])

    def test_rewrite_answers_the_rewritten_cells(self):
        reply = worker._rewrite({"sources": ["x = 1", "x = 2", "print(x)"], "labels": [1, 2, 3]}, [])
        self.assertEqual("rewritten", reply["op"])
        self.assertEqual(["_x = 1", "x = 2", "print(x)"], reply["result"]["sources"])


class ChannelTest(unittest.TestCase):
    """Frames: a 4-byte big-endian length, a UTF-8 JSON header, then the blobs it lists."""

    def setUp(self):
        to_worker_r, self.to_worker = os.pipe()
        self.from_worker, from_worker_w = os.pipe()
        worker._proto_in = os.fdopen(to_worker_r, "rb", buffering=0)
        worker._proto_out = os.fdopen(from_worker_w, "wb", buffering=0)
        worker._ns = {"__name__": "__main__"}
        outputs.setup(lambda output: worker._send({"op": "display", "output": output}), lambda: None, 50)

    def tearDown(self):
        for f in (worker._proto_in, worker._proto_out):
            f.close()
        for fd in (self.to_worker, self.from_worker):
            try:
                os.close(fd)
            except OSError:
                pass
        worker._proto_in = worker._proto_out = None
        worker._request_id = None

    def _write(self, header, blobs=()):
        if blobs:
            header = dict(header, blobs=[len(b) for b in blobs])
        data = json.dumps(header).encode("utf-8")
        os.write(self.to_worker, struct.pack(">I", len(data)) + data + b"".join(blobs))

    def _read(self):
        with os.fdopen(os.dup(self.from_worker), "rb", buffering=0) as f:
            (n,) = struct.unpack(">I", f.read(4))
            return json.loads(f.read(n).decode("utf-8"))

    def test_a_frame_with_blobs_is_read_whole(self):
        self._write({"op": "x", "id": "r1"}, [b"abc", b""])
        header, blobs = worker._receive()
        self.assertEqual(("x", [b"abc", b""]), (header["op"], blobs))

    def test_every_frame_sent_while_answering_carries_the_request_id(self):
        worker._request_id = "r7"
        worker._send({"op": "stream", "name": "stdout", "text": "hi"})
        self.assertEqual({"op": "stream", "name": "stdout", "text": "hi", "id": "r7"}, self._read())

    def test_serve_says_hello_answers_each_request_and_stops_at_exit(self):
        self._write({"op": "assign", "id": "a", "values": {"n": "2"}})
        self._write({"op": "run", "id": "b", "code": "n * 21", "filename": "<cell c>"})
        self._write({"op": "nonsense", "id": "c"})
        self._write({"op": "exit", "id": "d"})
        worker._serve()
        hello = self._read()
        self.assertEqual("hello", hello["op"])
        self.assertEqual(os.getpid(), hello["pid"])
        self.assertEqual({"op": "ok", "id": "a"}, self._read())
        self.assertEqual({"op": "display", "output": {"type": "text", "text": "42", "kind": "result"}, "id": "b"},
                         self._read())
        self.assertEqual({"op": "done", "status": "ok", "id": "b"}, self._read())
        self.assertEqual({"op": "error", "message": "unknown request 'nonsense'", "id": "c"}, self._read())

    def test_serve_ends_when_the_daemon_closes_the_channel(self):
        os.close(self.to_worker)
        worker._serve()
        self.assertEqual("hello", self._read()["op"])


if __name__ == "__main__":
    unittest.main()
