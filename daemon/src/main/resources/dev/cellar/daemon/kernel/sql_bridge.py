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


# ---- a DataFrame for an SQL cell's FROM name, by column, as TableTransfer.java reads it:
# integers and floats little-endian 8-byte arrays, booleans one byte each, timestamps int64
# microseconds, everything else UTF-8 text with 4-byte end offsets; a byte mask (1 = missing)
# before a column that has missing values. The daemon checks all of it: this is the kernel's word.

class FrameTooLarge(Exception):
    pass


def sql_frame(namespace, name, max_bytes):
    """The variable name as columns for an SQL cell: (header, blobs). header["found"] is False when
    the name is no variable or not a table (a pandas or polars DataFrame, a pyarrow Table, a Table);
    header["refused"] says why a table cannot be sent (too large, a column of an unknown kind)."""
    v = namespace.get(name, _MISSING)
    columns = _columns_of(v) if v is not _MISSING else None
    if columns is None:
        return {"found": False}, []
    out = _Encoder(max_bytes)
    try:
        for column in columns:
            column(out)
    except FrameTooLarge:
        return {"found": True, "refused": "%s is larger than the %d MiB an SQL cell may read from Python "
                "(CELLAR_SQL_FRAME_MAX_MB); filter it in Python first, or write it to a Parquet file and "
                "query that" % (name, max_bytes >> 20)}, []
    return dict(out.header, found=True, size=out.size), out.blobs


_MISSING = object()


class _Encoder:
    def __init__(self, max_bytes):
        self.max_bytes = max_bytes
        self.total = 0
        self.size = None
        self.blobs = []
        self.header = {"columns": [], "kinds": [], "types": [], "nulls": []}

    def _blob(self, data):
        self.total += len(data)
        if self.total > self.max_bytes:
            raise FrameTooLarge()
        self.blobs.append(data)

    def column(self, name, kind, dtype, n, nulls, *blobs):
        """nulls: bytes of n flags (1 = missing) or None."""
        if self.size is None:
            self.size = n
        self.header["columns"].append(str(name))
        self.header["kinds"].append(kind)
        self.header["types"].append(str(dtype))
        self.header["nulls"].append(nulls is not None)
        if nulls is not None:
            self._blob(bytes(nulls))
        for b in blobs:
            self._blob(b)

    def texts(self, name, kind, dtype, values, nulls):
        """values: a list of str (anything at a missing row)."""
        from array import array
        from itertools import accumulate
        if nulls is not None:
            values = ["" if m else v for v, m in zip(values, nulls)]
        text = "".join(values)
        data = text.encode("utf-8", "surrogatepass")
        if len(data) + self.total > self.max_bytes:
            raise FrameTooLarge()
        if len(data) == len(text):  # ASCII: characters are bytes, one encode for the column
            lengths = map(len, values)
        else:
            lengths = [len(v.encode("utf-8", "surrogatepass")) for v in values]
        ends = array("i", accumulate(lengths))
        if _big_endian():
            ends.byteswap()
        self.column(name, kind, dtype, len(values), nulls, ends.tobytes(), data)

    def values(self, name, dtype, values):
        """A column from Python values (None missing): its kind from the values, as DuckDB's Python API infers it."""
        from array import array
        n = len(values)
        nulls = bytearray(1 if v is None else 0 for v in values)
        present = [v for v in values if v is not None]
        has_nulls = any(nulls)
        if present and all(type(v) is bool for v in present):
            self.column(name, "bool", dtype, n, nulls if has_nulls else None, bytes(1 if v else 0 for v in values))
        elif present and all(type(v) is int and -(1 << 63) <= v < (1 << 63) for v in present):
            numbers = array("q", (0 if v is None else v for v in values))
            self.column(name, "int", dtype, n, nulls if has_nulls else None, _little(numbers))
        elif present and all(type(v) in (int, float) for v in present):
            numbers = array("d", (0.0 if v is None else float(v) for v in values))
            self.column(name, "float", dtype, n, nulls if has_nulls else None, _little(numbers))
        else:
            kind = ("datetime" if present and all(isinstance(v, _dt.datetime) for v in present)
                    else "date" if present and all(isinstance(v, _dt.date) for v in present) else "str")
            texts = [None if v is None else (v.isoformat() if kind != "str" else str(v)) for v in values]
            self.texts(name, kind, dtype, texts, nulls if has_nulls else None)


def _big_endian():
    import sys
    return sys.byteorder != "little"


def _little(numbers):
    if _big_endian():
        numbers.byteswap()
    return numbers.tobytes()


def _columns_of(v):
    """A list of callables that each add one column to an _Encoder, or None when v is not a table."""
    module = type(v).__module__ or ""
    kind = type(v).__name__
    if isinstance(v, Table):
        return [lambda out, j=j: out.values(v.columns[j], v.types[j], v._values(j)) for j in range(len(v.columns))]
    if module.startswith("pandas") and kind == "DataFrame":
        return [lambda out, j=j: _pandas_column(out, v.columns[j], v.iloc[:, j]) for j in range(v.shape[1])]
    if module.startswith("polars") and kind == "DataFrame":
        return [lambda out, c=c: out.values(c, v.schema[c], v.get_column(c).to_list()) for c in v.columns]
    if module.startswith("pyarrow") and kind == "Table":
        return [lambda out, c=c: out.values(c, v.schema.field(c).type, v.column(c).to_pylist()) for c in v.column_names]
    return None


def _pandas_column(out, name, s):
    """A pandas column straight from its numpy array where it has one: no Python object per value."""
    import numpy as np
    pd = __import__("pandas")
    dtype = s.dtype
    missing = s.isna().to_numpy()
    nulls = missing.astype("u1").tobytes() if missing.any() else None
    n = len(s)
    if isinstance(dtype, np.dtype) and dtype.kind == "b":
        out.column(name, "bool", dtype, n, None, s.to_numpy().astype("u1").tobytes())
    elif pd.api.types.is_bool_dtype(dtype):
        out.column(name, "bool", dtype, n, nulls, s.to_numpy(dtype="u1", na_value=0).tobytes())
    elif pd.api.types.is_integer_dtype(dtype):
        if isinstance(dtype, np.dtype) and dtype.kind == "u" and n and s.max() > np.iinfo("int64").max:
            out.column(name, "float", dtype, n, None, s.to_numpy().astype("<f8").tobytes())
        else:
            out.column(name, "int", dtype, n, nulls, s.to_numpy(dtype="int64", na_value=0).astype("<i8").tobytes())
    elif pd.api.types.is_float_dtype(dtype):  # NaN is missing, as pandas (and DuckDB's scan of it) sees it
        out.column(name, "float", dtype, n, nulls, s.to_numpy(dtype="float64", na_value=np.nan).astype("<f8").tobytes())
    elif pd.api.types.is_datetime64_any_dtype(dtype):
        if getattr(dtype, "tz", None) is not None:
            s = s.dt.tz_convert("UTC").dt.tz_localize(None)
        micros = s.to_numpy(dtype="datetime64[us]").view("int64")
        out.column(name, "timestamp_us", dtype, n, nulls, np.where(missing, 0, micros).astype("<i8").tobytes())
    else:
        values = s.tolist()
        if pd.api.types.infer_dtype(s, skipna=True) == "string":
            out.texts(name, "str", dtype, values, nulls)
        else:
            out.values(name, dtype, [None if m else v for v, m in zip(values, missing)])


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
