# Cellar's side of the GraalPy kernel: the transport around the cell runner and outputs both
# kernels share (cells.py, outputs.py, loaded as modules before this file). The namespace is
# kept apart from this module's globals so cell code never sees (or breaks) these helpers.
import builtins
import json
import sys

import cellar_cells
import cellar_outputs
import cellar_sql

_ns = {"__name__": "__main__", "__builtins__": builtins}

# line buffering makes print() reach the client while the cell still runs
for _stream in (sys.stdout, sys.stderr):
    try:
        _stream.reconfigure(line_buffering=True)
    except Exception:
        pass


def _flush():
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except Exception:
            pass


def start(emit, preview_rows):
    """emit(type, payload, kind) hands an output of the running cell to Java: ("text", a repr),
    the most common, as it is; ("table", a query result, kind, handle), which Java previews; else
    ("json", the output as JSON), as a worker's display frame carries it. kind is the output's
    ("result" or "display", outputs.py's show)."""

    def send(output):
        kind = output.get("type")
        if kind == "text":
            emit("text", output["text"], output.get("kind"))
        elif kind == "table" and "result" in output:
            emit("table", output["result"], output.get("kind"), output.get("handle"))
        else:
            emit("json", json.dumps(output, ensure_ascii=False, allow_nan=False))

    cellar_outputs.setup(send, _flush, preview_rows, sql_table=lambda table: {"type": "table", "result": table._t})


def drop_tables(filenames):
    cellar_outputs.drop_tables([str(f) for f in filenames])


def table_rows_json(handle, offset, limit, sort, descending, search):
    """A page of a kept table (outputs.py's table_rows) as JSON, as a worker's answer carries it."""
    answer = cellar_outputs.table_rows(str(handle), int(offset), int(limit), None if sort is None else str(sort),
                                       bool(descending), None if search is None else str(search))
    return json.dumps(answer, ensure_ascii=False, allow_nan=False, default=str)


def run_cell(code, filename):
    """Returns ["ok"], ["interrupted"] or ["error", ename, message, traceback-lines, line]."""
    try:
        r = cellar_cells.run_cell(str(code), str(filename), _ns)
    finally:
        _flush()
    if r["status"] == "error":
        return ["error", r["ename"], r["message"], r["traceback"], r["line"]]
    return [r["status"]]


def assign_json(name, text):
    _ns[str(name)] = json.loads(str(text))


def clear(names):
    for name in names:
        _ns.pop(str(name), None)


# ---- SQL cells: their parameters come from here, their results land here (sql_bridge.py)

def sql_param_json(name):
    return json.dumps(cellar_sql.sql_param(_ns, str(name)))


def bind_table(name, result):
    _ns[str(name)] = cellar_sql.Table(result)


def sql_frame(name, max_bytes):
    """[header as JSON, [bytes, …]]: the variable as columns for an SQL cell (sql_bridge.py's sql_frame)."""
    header, blobs = cellar_sql.sql_frame(_ns, str(name), int(max_bytes))
    return [json.dumps(header, ensure_ascii=False), blobs]
