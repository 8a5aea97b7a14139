# How a cell runs, shared by both kernels so a notebook behaves the same on GraalPy and on
# the user's CPython: every statement, then the value of a final expression shown as an
# output, then the matplotlib figures the cell left open; a failure is a result with the
# traceback of the cell alone. The kernels add only their transport (outputs.setup) and
# what they do around a run (signals, flushing their streams).
import ast
import io
import linecache
import tokenize

import cellar_errors
import cellar_outputs


def run_cell(code, filename, namespace):
    """Runs code in namespace; answers {"status": "ok"}, {"status": "interrupted"} or
    {"status": "error", "ename", "message", "traceback", "line"}."""
    # registering the source lets tracebacks quote the cell's own lines
    linecache.cache[filename] = (len(code), None, code.splitlines(True), filename)
    _runs[0] += 1
    cellar_outputs.begin_cell(filename)
    try:
        tree = ast.parse(code, filename, "exec")
        last = None
        if tree.body and isinstance(tree.body[-1], ast.Expr):
            last = ast.Expression(tree.body.pop().value)
        exec(compile(tree, filename, "exec"), namespace)
        value = eval(compile(last, filename, "eval"), namespace) if last is not None else None
        if value is not None and not _ends_with_semicolon(code):
            # the value first, then the figures the cell left open, as Jupyter shows them
            cellar_outputs.show(value, kind="result")
            _remember(value, namespace)
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


def _ends_with_semicolon(code):
    """IPython's rule: a `;` as the cell's last token (comments and blank lines after it do
    not count, nor a `;` inside a string or a comment) hides the last expression's value."""
    last = None
    try:
        for token in tokenize.generate_tokens(io.StringIO(code).readline):
            if token.type not in (tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE, tokenize.INDENT,
                                  tokenize.DEDENT, tokenize.ENDMARKER):
                last = token
    except (tokenize.TokenError, SyntaxError):
        return False
    return last is not None and last.type == tokenize.OP and last.string == ";"


class _Out(dict):
    """IPython's Out: the values shown, by the number of the run that showed them (this
    kernel's runs, counted from 1 at its start, as IPython's execution count)."""

    def __missing__(self, key):
        raise KeyError("Out[%r]: no value was shown by run %r of this kernel (Out has runs %s; "
                       "Cellar numbers the runs of cells since the kernel started, in the order they ran)"
                       % (key, key, sorted(self) or "none yet"))


_runs = [0]
_OUT_KEPT = 100


def _remember(value, namespace):
    """IPython's displayhook: _, __ and ___ hold the last three values shown, Out the last 100."""
    out = namespace.setdefault("Out", _Out())
    if isinstance(out, _Out):  # a notebook's own Out stays its own
        out[_runs[0]] = value
        if len(out) > _OUT_KEPT:  # every value shown stays alive while Out holds it: the oldest go
            del out[next(iter(out))]
    namespace["___"] = namespace.get("__", "")
    namespace["__"] = namespace.get("_", "")
    namespace["_"] = value
