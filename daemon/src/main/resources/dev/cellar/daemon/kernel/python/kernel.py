# Cellar's side of the Python kernel: runs one cell in the notebook's namespace and
# reports how it ended. The namespace is kept apart from this module's globals so cell
# code never sees (or breaks) these helpers.
import ast
import builtins
import datetime as _dt
import decimal as _decimal
import linecache
import sys
import traceback

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
        return ["error", type(e).__name__, str(e), _traceback(e), _line(e, filename)]
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


def _traceback(e):
    tb = e.__traceback__
    if tb is not None:
        tb = tb.tb_next  # drop run_cell's own frame: the user should only see their cell
    return traceback.format_exception(type(e), e, tb)


def _line(e, filename):
    if isinstance(e, SyntaxError) and e.filename == filename:
        return e.lineno or 0
    line = 0
    tb = e.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == filename:
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


# ---- SQL cells: their parameters come from here, their results land here

def sql_param(name):
    """A variable as [kind, value] that Java binds as a JDBC parameter; ["missing"] or ["unbindable", type]."""
    name = str(name)
    if name not in _ns:
        return ["missing"]
    v = _ns[name]
    if v is None:
        return ["none"]
    if isinstance(v, bool):
        return ["bool", v]
    if isinstance(v, int):
        return ["int", str(v)]  # as text: Python ints have no size limit
    if isinstance(v, float):
        return ["float", v]
    if isinstance(v, str):
        return ["str", v]
    if isinstance(v, _decimal.Decimal):
        return ["decimal", str(v)]
    if isinstance(v, _dt.datetime):
        return ["datetime", v.isoformat()]
    if isinstance(v, _dt.date):
        return ["date", v.isoformat()]
    if isinstance(v, _dt.time):
        return ["time", v.isoformat()]
    return ["unbindable", type(v).__name__]


def bind_table(name, result):
    _ns[str(name)] = Table(result)


def _int(v):
    return v if v is None or isinstance(v, int) else int(v)


_CONVERT = {
    "int": _int,
    "bigint": _int,
    "decimal": lambda v: None if v is None else _decimal.Decimal(v),
    "date": lambda v: None if v is None else _dt.date.fromisoformat(v),
    "datetime": lambda v: None if v is None else _dt.datetime.fromisoformat(v),
    "time": lambda v: None if v is None else _dt.time.fromisoformat(v),
}
_CHUNK = 4096
_PLAIN = {"int", "float", "str", "bool"}


def _nulls_to_none(convert, null):
    return lambda v: None if v is None or type(v) is null else convert(v)


class Table:
    """An SQL cell's result. Rows are dicts, read from the daemon's copy in chunks as you go:
    len(t), t[0], t[-1], t[2:5], t["column"], iteration, t.columns, t.types, t.to_dicts()."""

    __slots__ = ("_t", "columns", "types", "_conv", "_n", "_null")

    def __init__(self, result):
        self._t = result
        self.columns = [str(c) for c in result.columns]
        self.types = [str(t) for t in result.types]
        self._null = type(result.none())  # a missing value arrives as this foreign None
        null = self._null
        # plain columns without missing values need no per-value conversion: the fast path
        self._conv = [None if str(k) in _PLAIN and not result.hasNulls(j)
                      else _nulls_to_none(_CONVERT.get(str(k), lambda v: v), null)
                      for j, k in enumerate(result.kinds)]
        self._n = int(result.size)

    def __len__(self):
        return self._n

    def _row(self, values):
        values = list(values)
        for j, f in enumerate(self._conv):
            if f is not None:
                values[j] = f(values[j])
        return dict(zip(self.columns, values))

    def __iter__(self):
        names = self.columns
        for start in range(0, self._n, _CHUNK):
            cols = []
            for f, values in zip(self._conv, self._t.slice(start, _CHUNK)):
                values = list(values)  # one conversion per column and chunk, not per value
                cols.append(values if f is None else [f(v) for v in values])
            for row in zip(*cols):
                yield dict(zip(names, row))

    def __getitem__(self, key):
        if isinstance(key, str):
            if key not in self.columns:
                raise KeyError("no column %r (columns: %s)" % (key, ", ".join(self.columns)))
            j = self.columns.index(key)
            f = self._conv[j]
            values = list(self._t.column(j))
            return values if f is None else [f(v) for v in values]
        if isinstance(key, slice):
            return [self[i] for i in range(*key.indices(self._n))]
        i = key + self._n if key < 0 else key
        if not 0 <= i < self._n:
            raise IndexError("row %d of a %d-row table" % (key, self._n))
        return self._row(self._t.rows(i, 1)[0])

    def to_dicts(self):
        return list(self)

    def __repr__(self):
        return "<Table: %d rows × %d columns (%s)>" % (self._n, len(self.columns), ", ".join(self.columns))
