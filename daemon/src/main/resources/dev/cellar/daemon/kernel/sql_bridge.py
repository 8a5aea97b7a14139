# What SQL cells exchange with Python, shared by both kernels so a notebook means the same
# thing on GraalPy and on the user's CPython: a variable as a JDBC parameter, and the
# Table an SQL cell hands to Python. A Table wraps a "result" object that
# holds the rows by column: on GraalPy the daemon's Java ResultTable (read in place), in
# a worker process the columns the daemon sent over (see worker.py's _Columns).
# The result offers: columns, types, kinds, size, none(), hasNulls(j), slice(start, n),
# column(j), rows(start, n) and, optionally, frame_column(j, numpy) for fast DataFrames.
import datetime as _dt
import decimal as _decimal


def sql_param(namespace, name):
    """A variable as [kind, text] for Java to bind as a JDBC parameter; ["missing"] or ["unbindable", type]."""
    if name not in namespace:
        return ["missing"]
    v = namespace[name]
    if type(v).__module__ == "numpy" and hasattr(v, "item"):
        v = v.item()
    if v is None:
        return ["none"]
    if isinstance(v, bool):
        return ["bool", "true" if v else "false"]
    if isinstance(v, int):
        return ["int", str(v)]  # as text: Python ints have no size limit
    if isinstance(v, float):
        return ["float", repr(v)]
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


def _library(module, method, package):
    import importlib
    try:
        return importlib.import_module(module)
    except ImportError:
        raise ImportError("Table.%s() needs %s, which this Python cannot import (install %s into the "
                          "notebook's Python, e.g. its .venv)" % (method, package, package)) from None


class Table:
    """An SQL cell's result. Rows are dicts, read in chunks as you go:
    len(t), t[0], t[-1], t[2:5], t["column"], iteration, t.columns, t.types, t.to_dicts(),
    and DuckDB's conventions: t.df() (pandas), t.pl() (polars), t.arrow() (pyarrow)."""

    __slots__ = ("_t", "columns", "types", "_kinds", "_conv", "_n", "_null")

    def __init__(self, result):
        self._t = result
        self.columns = [str(c) for c in result.columns]
        self.types = [str(t) for t in result.types]
        self._kinds = [str(k) for k in result.kinds]
        self._null = type(result.none())  # a missing value arrives as this (a foreign None on GraalPy)
        null = self._null
        # plain columns without missing values need no per-value conversion: the fast path
        self._conv = [None if k in _PLAIN and not result.hasNulls(j)
                      else _nulls_to_none(_CONVERT.get(k, lambda v: v), null)
                      for j, k in enumerate(self._kinds)]
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

    def _values(self, j):
        f = self._conv[j]
        values = list(self._t.column(j))
        return values if f is None else [f(v) for v in values]

    def __getitem__(self, key):
        if isinstance(key, str):
            if key not in self.columns:
                raise KeyError("no column %r (columns: %s)" % (key, ", ".join(self.columns)))
            return self._values(self.columns.index(key))
        if isinstance(key, slice):
            return [self[i] for i in range(*key.indices(self._n))]
        i = key + self._n if key < 0 else key
        if not 0 <= i < self._n:
            raise IndexError("row %d of a %d-row table" % (key, self._n))
        return self._row(self._t.rows(i, 1)[0])

    def to_dicts(self):
        return list(self)

    def df(self):
        """The rows as a pandas DataFrame (integers int64, or Int64 with missing values; floats
        and decimals float64; dates and timestamps datetime64; text object)."""
        pd = _library("pandas", "df", "pandas")
        import numpy as np
        data = {}
        for j, name in enumerate(self.columns):
            kind = self._kinds[j]
            fast = getattr(self._t, "frame_column", None)
            column = fast(j, np) if fast is not None else None
            if column is None:
                values = self._values(j)
                if kind == "int":
                    column = (pd.array(values, dtype="Int64") if self._conv[j] is not None
                              else np.array(values, dtype="int64"))
                elif kind == "decimal":  # as DuckDB's own df() does: exact decimals become doubles
                    column = np.array([np.nan if v is None else float(v) for v in values], dtype="float64")
                elif kind in ("date", "datetime"):
                    column = pd.to_datetime(pd.Series(values, dtype="object"))
                else:
                    column = values
            data[j] = column
        frame = pd.DataFrame(data, copy=False)
        frame.columns = list(self.columns)
        return frame

    def pl(self):
        """The rows as a polars DataFrame."""
        polars = _library("polars", "pl", "polars")
        return polars.DataFrame({name: self._values(j) for j, name in enumerate(self.columns)})

    def arrow(self):
        """The rows as a pyarrow Table."""
        pa = _library("pyarrow", "arrow", "pyarrow")
        return pa.table({name: self._values(j) for j, name in enumerate(self.columns)})

    def __repr__(self):
        return "<Table: %d rows × %d columns (%s)>" % (self._n, len(self.columns), ", ".join(self.columns))
