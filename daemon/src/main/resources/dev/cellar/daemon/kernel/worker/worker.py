# Cellar's worker: runs a notebook's cells on the user's own Python, in a process the
# daemon controls. The daemon sends this file (nothing is installed into the user's
# Python) and talks to it over the process's stdin/stdout in frames:
#   4-byte big-endian length, a UTF-8 JSON header, then the raw blobs whose sizes the
#   header lists under "blobs".
# The daemon asks one thing at a time (run, clear, assign, sql_param, bind_table, sql_frame,
# analyze, exit), each with an "id", and reads frames with that id until the answer; while a cell runs
# the worker also sends "stream" and "display" frames. Interrupts come as SIGINT. Python 3.9
# or newer, started isolated (see "what the isolated start left out" below).
# How a cell runs and what it shows is shared with the GraalPy kernel (cells.py, outputs.py);
# this file is the transport and the process around it. Importing it does nothing: the
# bootstrap (WorkerLaunch) loads it as the module cellar_worker and calls main(config), and the
# unittest suite (daemon/src/test/python/test_worker.py) calls its verbs on a namespace of its own.
# Every module of the standard library this file uses is imported here, before the notebook's
# folder is on sys.path (see below): a json.py or platform.py there never stands in for them.
import builtins
import codecs
import io
import json
import os
import platform
import select
import signal
import struct
import sys
import threading
import time
import types
from array import array

import cellar_analyze  # noqa: E402 (given by the daemon with this file, as the shared modules below)
import cellar_cells
import cellar_keeper
import cellar_outputs
import cellar_sql

# ---- the channel: private copies of fds 0 and 1; the cells' fds 0/1/2 are set up below.
# Cell code runs in this process, so it could write frames too: every request carries an id
# (random, chosen by the daemon) and every frame sent while answering it carries the same id;
# the daemon takes one answer per id and drops frames for any other, so a cell can at most
# misreport itself. The copies sit at an unpredictable number, closed on exec, out of the way
# of a cell that writes to fd 3 or 4 (a door made harder, not shut: /proc/self/fd lists them).


def _private_fd(fd):
    import fcntl
    return fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 100 + int.from_bytes(os.urandom(2), "big") % 800)


_proto_in = None  # the channel (main() opens it)
_proto_out = None
_send_lock = threading.Lock()
_request_id = None  # the request being answered: every frame sent meanwhile carries its id
_ns = {}  # the notebook's namespace: __main__'s dict once main() runs


def _read_exact(n):
    chunks = []
    while n > 0:
        chunk = _proto_in.read(n)
        if not chunk:
            raise EOFError("the daemon closed the channel")
        chunks.append(chunk)
        n -= len(chunk)
    return b"".join(chunks)


def _receive():
    (n,) = struct.unpack(">I", _read_exact(4))
    header = json.loads(_read_exact(n).decode("utf-8"))
    blobs = [_read_exact(size) for size in header.get("blobs", ())]
    return header, blobs


def _send(message):
    message["id"] = _request_id
    data = json.dumps(message, ensure_ascii=False, allow_nan=False).encode("utf-8")
    with _send_lock:
        _proto_out.write(struct.pack(">I", len(data)) + data)


# ---- the processes cells start end with this worker: a keeper process stays behind and
# kills them when the worker ends (keeper.py). Before any thread starts or the sandbox is made.
# ---- the sandbox (sandbox=on): confined here, before any thread starts or cell is read.
# A worker that cannot confine itself says why in its hello and exits; the daemon refuses it.

_confined = None


def _confine(sandbox):
    global _confined
    try:
        import cellar_sandbox
        if sandbox.get("net"):
            cellar_keeper.cgroup()  # in the worker's cgroup before the supervisor of net= is forked from it
        _confined = cellar_sandbox.apply(sandbox["write"] + [os.environ["TMPDIR"]], sandbox["deny"],
                                         sandbox.get("net", ()))
    except Exception as e:  # never run unconfined, whatever went wrong
        _send({"op": "hello", "sandbox": None, "sandboxError": "%s: %s" % (type(e).__name__, e)})
        os._exit(3)


# ---- output: Python-level writes are buffered and sent in frames; fd-level writes
# (C extensions, subprocesses) go through pipes that pump threads forward

_running = False  # a cell runs: SIGINT becomes KeyboardInterrupt
_FRAME_TEXT = 1 << 20


class _OutStream(io.TextIOBase):
    """sys.stdout/sys.stderr: text gathered and sent at a newline once 50 ms have passed,
    past 64 KiB, or when the cell ends, so a print loop costs frames per batch, not per call."""

    def __init__(self, name):
        super().__init__()
        self._name = name
        self._parts = []
        self._size = 0
        self._last = 0.0
        self._lock = threading.RLock()

    @property
    def encoding(self):
        return "utf-8"

    def writable(self):
        return True

    def isatty(self):
        return False

    def fileno(self):
        return 1 if self._name == "stdout" else 2

    def write(self, text):
        if not isinstance(text, str):
            raise TypeError("write() argument must be str, not %s" % type(text).__name__)
        with self._lock:
            self._parts.append(text)
            self._size += len(text)
            if self._size >= 65536 or ("\n" in text and time.monotonic() - self._last >= 0.05):
                self.flush()
        return len(text)

    def flush(self):
        with self._lock:
            if self._parts:
                text = "".join(self._parts)
                self._parts = []
                self._size = 0
                self._last = time.monotonic()
                # frames of at most 1 Mi characters: one print of 100 MB is still many small frames
                for start in range(0, len(text), _FRAME_TEXT):
                    _send({"op": "stream", "name": self._name, "text": text[start:start + _FRAME_TEXT]})


class _FdPump:
    """Forwards what is written to fd 1 or 2 below Python (C code, child processes)."""

    def __init__(self, fd, name):
        read_end, write_end = os.pipe()
        os.dup2(write_end, fd)
        os.close(write_end)
        os.set_blocking(read_end, False)
        self._fd = read_end
        self._name = name
        self._decoder = codecs.getincrementaldecoder("utf-8")("replace")
        self._lock = threading.Lock()
        threading.Thread(target=self._pump, name="cellar-" + name, daemon=True).start()

    def _pump(self):
        while True:
            select.select([self._fd], [], [])
            self.drain()

    def drain(self):
        with self._lock:
            while True:
                try:
                    data = os.read(self._fd, 65536)
                except BlockingIOError:
                    return
                if not data:
                    return
                text = self._decoder.decode(data)
                if text:
                    _send({"op": "stream", "name": self._name, "text": text})


def _flush_all():
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except Exception:
            pass
    if "ctypes" in sys.modules:  # C stdio buffers what it writes to a pipe
        try:
            sys.modules["ctypes"].CDLL(None).fflush(None)
        except Exception:
            pass
    for pump in _pumps:
        pump.drain()
    for stream in (_stdout, _stderr):
        if stream is not None:  # None: not the worker process (the unittest suite)
            stream.flush()


_pumps = []
_stdout = None
_stderr = None
_diagnostics = None


def _redirect_output():
    global _stdout, _stderr, _diagnostics
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)  # a cell that reads stdin gets end-of-file, never the channel
    os.close(devnull)
    _diagnostics = os.fdopen(os.dup(2), "w")  # the process's real stderr: the daemon's log
    _pumps[:] = [_FdPump(1, "stdout"), _FdPump(2, "stderr")]
    _stdout = _OutStream("stdout")
    _stderr = _OutStream("stderr")
    sys.stdout = sys.__stdout__ = _stdout
    sys.stderr = sys.__stderr__ = _stderr
    sys.stdin = sys.__stdin__ = open(os.devnull, "r")
    try:
        import faulthandler
        faulthandler.enable(file=_diagnostics)  # a segfault leaves its traceback in the daemon's log
    except Exception:
        pass


def _flusher():
    while True:
        time.sleep(0.1)
        if _running:
            try:
                _stdout.flush()
                _stderr.flush()
            except Exception:
                pass


def _watch_parent(parent):
    # the daemon died without closing us (kill -9): do not outlive it
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(70)


def _on_sigint(signum, frame):
    if _running:
        raise KeyboardInterrupt


# ---- what the isolated start left out, put back now that the worker is confined (or need not be).
# The daemon starts this process with -I in / (and -S when it is to be confined): no folder or
# PYTHON* entry on sys.path, only the standard library, so nothing planted in the notebook's folder
# (json.py, types.py, sitecustomize.py, encodings/, a .pth file in its .venv) ran before the sandbox
# was in force. Cells still get the Python the person set up, as it would be without -I:
#   site-packages with their .pth files and sitecustomize (site.main(), confined workers: it also
#     makes a venv's sys.prefix), and the user's site-packages with usercustomize unless
#     PYTHONNOUSERSITE is set (a venv decides for itself, in its pyvenv.cfg);
#   PYTHONPATH's entries, then the notebook's folder first on sys.path and as working directory.
# PYTHONWARNINGS, PYTHONDONTWRITEBYTECODE, PYTHONOPTIMIZE, PYTHONUTF8, … came as options instead
# (WorkerLaunch.pythonOptions); PYTHONHASHSEED cannot be put back. The analyser (no folder) keeps
# the standard library alone: it only parses.

def _wants_user_site():
    if os.environ.get("PYTHONNOUSERSITE") or os.getuid() != os.geteuid() or os.getgid() != os.getegid():
        return False
    if sys.prefix == sys.base_prefix:
        return True
    try:  # a venv: its pyvenv.cfg says whether it sees the user's packages
        with open(os.path.join(sys.prefix, "pyvenv.cfg"), encoding="utf-8") as cfg:
            for line in cfg:
                key, _, value = line.partition("=")
                if key.strip().lower() == "include-system-site-packages":
                    return value.strip().lower() == "true"
    except OSError:
        pass
    return False


def _restore_path(folder, executable=None):
    import site
    if sys.flags.no_site:  # confined: no site-packages until now
        if executable:  # started as the file its venv links to (WorkerLaunch): the venv is read now, confined
            sys.executable = executable
        if os.environ.get("PYTHONNOUSERSITE") or os.getuid() != os.geteuid() or os.getgid() != os.getegid():
            site.ENABLE_USER_SITE = False
        else:
            site.ENABLE_USER_SITE = True  # site.venv() turns it off for a venv that does not see them
        site.main()
    elif _wants_user_site():  # unconfined: site ran as we started, without the user's packages (-I)
        site.ENABLE_USER_SITE = True
        user = site.getusersitepackages()
        if os.path.isdir(user) and user not in sys.path:
            system = set(site.getsitepackages())
            at = next((i for i, p in enumerate(sys.path) if p in system), len(sys.path))
            site.addsitedir(user)  # appends, and runs its .pth files
            sys.path.remove(user)
            sys.path.insert(at, user)  # the user's packages come before the system's, as without -I
            site.execusercustomize()
    entries = [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]
    sys.path[0:0] = [folder] + entries  # the notebook's own modules import, then PYTHONPATH's
    os.chdir(folder)


# ---- the verbs

def _run(message, blobs):
    global _running
    _running = True  # SIGINT becomes a KeyboardInterrupt in the cell
    try:
        result = cellar_cells.run_cell(message["code"], message["filename"], _ns)
    finally:
        _running = False
    _flush_all()
    return dict(result, op="done")


def _clear(message, blobs):
    for name in message["names"]:
        _ns.pop(name, None)
    return {"op": "ok"}


def _assign(message, blobs):
    for name, text in message["values"].items():
        _ns[name] = json.loads(text)
    return {"op": "ok"}


def _sql_param(message, blobs):
    return {"op": "value", "value": cellar_sql.sql_param(_ns, message["name"])}


class _Columns:
    """A query result as the daemon sent it, by column (see TableTransfer.java): integers
    and floats as little-endian 8-byte arrays, booleans as bytes, everything else as UTF-8
    text with 4-byte end offsets; a byte mask marks missing values."""

    def __init__(self, message, blobs):
        self.columns = message["columns"]
        self.types = message["types"]
        self.kinds = message["kinds"]
        self.size = message["size"]
        self._raw = {}
        self._nulls = []
        self._values = []
        it = iter(blobs)
        for j, kind in enumerate(self.kinds):
            nulls = next(it) if message["nulls"][j] else None
            if kind in ("int", "float"):
                raw = next(it)
                numbers = array("q" if kind == "int" else "d")
                numbers.frombytes(raw)
                if sys.byteorder != "little":
                    numbers.byteswap()
                values = numbers.tolist()
                self._raw[j] = raw
            elif kind == "bool":
                values = [b != 0 for b in next(it)]
            else:
                ends = array("i")
                ends.frombytes(next(it))
                if sys.byteorder != "little":
                    ends.byteswap()
                data = next(it)
                text = data.decode("utf-8")
                cut = text if len(text) == len(data) else None  # ASCII: byte offsets are character offsets
                values = []
                start = 0
                for end in ends:
                    values.append(cut[start:end] if cut is not None else data[start:end].decode("utf-8"))
                    start = end
            if nulls is not None:
                values = [None if n else v for v, n in zip(values, nulls)]
            self._nulls.append(nulls is not None)
            self._values.append(values)

    def none(self):
        return None

    def hasNulls(self, j):
        return self._nulls[j]

    def column(self, j):
        return self._values[j]

    def slice(self, start, count):
        return [v[start:start + count] for v in self._values]

    def rows(self, start, count):
        return [list(r) for r in zip(*self.slice(start, count))]

    def frame_column(self, j, np):
        """A numeric column without missing values straight from its bytes: no Python objects."""
        if j in self._raw and not self._nulls[j]:
            return np.frombuffer(self._raw[j], dtype="<i8" if self.kinds[j] == "int" else "<f8")
        return None


def _sql_frame(message, blobs):
    header, data = cellar_sql.sql_frame(_ns, message["name"], int(message["maxBytes"]))
    _send_blobs(dict(header, op="frame"), data)
    return None


def _send_blobs(message, blobs):
    message["id"] = _request_id
    message["blobs"] = [len(b) for b in blobs]
    data = json.dumps(message, ensure_ascii=False, allow_nan=False).encode("utf-8")
    with _send_lock:
        _proto_out.write(struct.pack(">I", len(data)) + data)
        for b in blobs:
            view = memoryview(b)
            while view:  # a raw pipe write may take part of a large blob
                view = view[_proto_out.write(view):]


def _bind_table(message, blobs):
    _ns[message["name"]] = cellar_sql.Table(_Columns(message, blobs))
    return {"op": "ok"}


def _table_rows(message, blobs):
    answer = cellar_outputs.table_rows(message["handle"], message["offset"], message["limit"],
                                       message.get("sort"), message.get("descending", False), message.get("search"))
    return dict(answer, op="table")


def _drop_tables(message, blobs):
    cellar_outputs.drop_tables(message["filenames"])
    return {"op": "ok"}


def _analyze(message, blobs):
    return {"op": "analysis", "results": cellar_analyze.analyze_cells(message["sources"])}


def _rewrite(message, blobs):
    import cellar_rewrite  # given to the analyser only (WorkerLaunch)
    return {"op": "rewritten", "result": cellar_rewrite.rewrite_cells(message["sources"], message["labels"])}


_VERBS = {"run": _run, "clear": _clear, "assign": _assign, "sql_param": _sql_param,
          "bind_table": _bind_table, "sql_frame": _sql_frame, "table_rows": _table_rows,
          "drop_tables": _drop_tables, "analyze": _analyze,
          "rewrite": _rewrite}


def _serve():
    _send({"op": "hello", "version": platform.python_version(), "implementation": platform.python_implementation(),
           "executable": sys.executable, "pid": os.getpid(), "sandbox": _confined,
           "cgroup": cellar_keeper.cgroup()})
    global _request_id
    while True:
        try:
            message, blobs = _receive()
        except EOFError:
            return
        op = message.get("op")
        _request_id = message.get("id")
        if op == "exit":
            return
        verb = _VERBS.get(op)
        try:
            reply = verb(message, blobs) if verb else {"op": "error", "message": "unknown request %r" % op}
        except KeyboardInterrupt:
            reply = ({"op": "done", "status": "interrupted"} if op == "run"
                     else {"op": "error", "message": "interrupted"})
        except Exception as e:
            reply = {"op": "error", "message": "%s: %s" % (type(e).__name__, e)}
        try:
            if reply is not None:  # None: the verb sent its answer itself (with blobs)
                _send(reply)
        except ValueError as e:  # not JSON (NaN in a value we failed to clean): say so rather than die
            _send({"op": "error", "message": "cannot send the answer: %s" % e})
        _request_id = None


def main(config):
    """The worker's life: the channel, the keeper, the sandbox, the cells' output and
    namespace, then requests until the daemon closes the channel or says exit."""
    global _proto_in, _proto_out, _ns
    _proto_in = os.fdopen(_private_fd(0), "rb", buffering=0)
    _proto_out = os.fdopen(_private_fd(1), "wb", buffering=0)
    cellar_keeper.split()
    if config.get("sandbox"):
        _confine(config["sandbox"])
    _redirect_output()
    threading.Thread(target=_flusher, name="cellar-flush", daemon=True).start()
    threading.Thread(target=_watch_parent, args=(os.getppid(),), name="cellar-parent", daemon=True).start()
    signal.signal(signal.SIGINT, _on_sigint)
    limit = int(config.get("memoryLimit", 0))
    if limit > 0:
        import resource
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    if config.get("folder"):
        _restore_path(config["folder"], config.get("executable"))
    # the notebook's namespace: a real __main__ module, as Jupyter does (pickle finds cell classes)
    main_module = types.ModuleType("__main__")
    main_module.__dict__["__builtins__"] = builtins
    sys.modules["__main__"] = main_module
    _ns = main_module.__dict__
    # outputs (display(), the value of a cell, figures) are frames here; how they are made is outputs.py's
    cellar_outputs.setup(lambda output: _send({"op": "display", "output": output}), _flush_all,
                         config.get("previewRows", 50))
    _serve()
    _flush_all()
    os._exit(0)
