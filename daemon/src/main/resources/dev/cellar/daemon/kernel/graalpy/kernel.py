# Cellar's side of the Python kernel: runs one cell in the notebook's namespace and
# reports how it ended. The namespace is kept apart from this module's globals so cell
# code never sees (or breaks) these helpers.
import ast
import builtins
import linecache
import sys

_ns = {"__name__": "__main__", "__builtins__": builtins}
_DISPLAY_LIMIT = 100_000

# line buffering makes print() reach the client while the cell still runs
for _stream in (sys.stdout, sys.stderr):
    try:
        _stream.reconfigure(line_buffering=True)
    except Exception:
        pass


def run_cell(code, filename):
    """Returns ["ok", display-or-None] or ["error", ename, message, traceback-lines, line].

    A display is ["text", repr] or, for a query result, ["table", the Java result]."""
    code = str(code)
    filename = str(filename)
    # registering the source lets tracebacks quote the cell's own lines
    linecache.cache[filename] = (len(code), None, code.splitlines(True), filename)
    try:
        tree = ast.parse(code, filename, "exec")
        last = None
        if tree.body and isinstance(tree.body[-1], ast.Expr):
            last = ast.Expression(tree.body.pop().value)
        exec(compile(tree, filename, "exec"), _ns)
        value = eval(compile(last, filename, "eval"), _ns) if last is not None else None
        return ["ok", None if value is None else _display(value)]
    except BaseException as e:  # the cell's failure is a result, not ours
        return ["error", type(e).__name__, str(e), traceback_lines(e), error_line(e, filename)]
    finally:
        sys.stdout.flush()
        sys.stderr.flush()


def assign_json(name, text):
    import json
    _ns[str(name)] = json.loads(str(text))


def clear(names):
    for name in names:
        _ns.pop(str(name), None)


def _display(value):
    if isinstance(value, Table):
        return ["table", value._t]
    text = repr(value)
    if len(text) > _DISPLAY_LIMIT:
        text = text[:_DISPLAY_LIMIT] + "… (%d characters in all)" % len(text)
    return ["text", text]


# ---- SQL cells: their parameters come from here, their results land here (sql_bridge.py
# is evaluated before this file, in the same module)

def sql_param_json(name):
    import json
    return json.dumps(sql_param(_ns, str(name)))


def bind_table(name, result):
    _ns[str(name)] = Table(result)
