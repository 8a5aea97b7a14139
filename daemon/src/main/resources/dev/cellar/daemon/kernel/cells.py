# How a cell runs, shared by both kernels so a notebook behaves the same on GraalPy and on
# the user's CPython: every statement, then the value of a final expression shown as an
# output, then the matplotlib figures the cell left open; a failure is a result with the
# traceback of the cell alone. The kernels add only their transport (outputs.setup) and
# what they do around a run (signals, flushing their streams).
import ast
import linecache

import cellar_errors
import cellar_outputs


def run_cell(code, filename, namespace):
    """Runs code in namespace; answers {"status": "ok"}, {"status": "interrupted"} or
    {"status": "error", "ename", "message", "traceback", "line"}."""
    # registering the source lets tracebacks quote the cell's own lines
    linecache.cache[filename] = (len(code), None, code.splitlines(True), filename)
    try:
        tree = ast.parse(code, filename, "exec")
        last = None
        if tree.body and isinstance(tree.body[-1], ast.Expr):
            last = ast.Expression(tree.body.pop().value)
        exec(compile(tree, filename, "exec"), namespace)
        value = eval(compile(last, filename, "eval"), namespace) if last is not None else None
        if value is not None:  # the value first, then the figures the cell left open, as Jupyter shows them
            cellar_outputs.show(value)
        cellar_outputs.show_figures()
        return {"status": "ok"}
    except KeyboardInterrupt:
        return {"status": "interrupted"}
    except BaseException as e:  # the cell's failure is a result, not ours
        try:
            cellar_outputs.show_figures()
        except Exception:
            pass
        # traceback_lines drops this frame: the first frame is always ours
        return {"status": "error", "ename": type(e).__name__, "message": str(e),
                "traceback": cellar_errors.traceback_lines(e), "line": cellar_errors.error_line(e, filename)}
