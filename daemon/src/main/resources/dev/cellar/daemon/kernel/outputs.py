# What a cell shows, shared by both kernels so a value looks the same on GraalPy and on the
# user's CPython: a value as an output (the protocol's Output as a dict: text, table or a
# MIME bundle), display(), the _repr_*_ conventions Jupyter uses, and matplotlib figures
# as PNGs. Where an output goes is the kernel's business: it calls setup() with a send
# function (a frame on CPython, a call into Java on GraalPy) before any cell runs.
# Nothing here needs pandas, numpy or matplotlib: each is recognised only once imported.
import base64
import builtins
import io
import json
import os
import sys

import cellar_sql

_DISPLAY_LIMIT = 100_000
_send = None
_flush = None
_preview_rows = 50
_sql_table = None


def setup(send, flush, preview_rows, sql_table=None):
    """send(output) delivers an output of the running cell; flush() pushes out the text it
    printed so far, so outputs and text keep their order; sql_table(table), when given,
    turns an SQL cell's Table into an output in the kernel's own way."""
    global _send, _flush, _preview_rows, _sql_table
    _send = send
    _flush = flush
    _preview_rows = int(preview_rows)
    _sql_table = sql_table
    builtins.display = display
    os.environ.setdefault("MPLBACKEND", "module://cellar_matplotlib")
    sys.meta_path.append(_MatplotlibBackend())
    sys.meta_path.insert(0, _IPythonDisplay())


def show(value, kind="display"):
    """Sends value as an output of the running cell, after the text printed before it. kind is
    Jupyter's: "result" for the cell's last value (execute_result), "display" for a value shown
    while the cell runs (display_data)."""
    output = _output(value)
    output["kind"] = kind
    if output.get("type") == "table":
        _keep_table(value, output)
    _flush()
    _send(output)


def display(*objs, raw=False, **options):
    """Shows each object as an output of the running cell, as Jupyter's display() does. Also
    IPython.display.display's: raw=True takes MIME bundles as they are; its other options
    (include, exclude, metadata, display_id, clear, ...) are not kept."""
    for obj in objs:
        if raw and isinstance(obj, dict):
            data = {str(k): v if isinstance(v, str) else json.dumps(v, default=str) for k, v in obj.items()}
            data.setdefault("text/plain", "")
            _flush()
            _send({"type": "display", "data": data, "kind": "display"})
        else:
            show(obj)


# ---- values as outputs

def _json_value(v):
    if v is None or isinstance(v, (bool, int, str)):
        return v
    if isinstance(v, float):
        return v if v == v and v not in (float("inf"), float("-inf")) else None
    item = getattr(v, "item", None)  # numpy scalars
    if item is not None and type(v).__module__ == "numpy":
        try:
            return _json_value(item())
        except Exception:
            pass
    iso = getattr(v, "isoformat", None)
    if iso is not None:
        try:
            return iso()
        except Exception:
            pass
    if type(v).__name__ in ("NAType", "NaTType"):
        return None
    return str(v)


def _table(columns, rows, count):
    return {"type": "table", "columns": [{"name": n, "type": t} for n, t in columns],
            "rows": [[_json_value(v) for v in row] for row in rows], "rowCount": count}


def _frame_output(frame):
    head = frame.head(_preview_rows)
    columns = [(str(c), str(t)) for c, t in zip(frame.columns, frame.dtypes)]
    rows = [list(r) for r in head.itertuples(index=False, name=None)]
    index = frame.index
    if not (type(index).__name__ == "RangeIndex" and index.start == 0 and index.step == 1):
        columns.insert(0, (str(index.name) if index.name is not None else "", str(index.dtype)))
        rows = [[i] + r for i, r in zip(head.index, rows)]
    return _table(columns, rows, len(frame))


def _with_own_text(table, value):
    """A pandas object shows as pandas shows it wherever text or HTML is read (exports, --out,
    Jupyter): its repr and _repr_html_ ride along with the table the terminal pages through."""
    data = {"text/plain": _short_repr(value)}
    html = getattr(value, "_repr_html_", None)
    if callable(html):
        try:
            got = html()
        except Exception:
            got = None
        if isinstance(got, str):
            data["text/html"] = got
    table["data"] = data
    return table


def _is(value, module, name):
    if module not in sys.modules:  # not imported, so not one of its types: no walk over the classes
        return False
    t = type(value)
    return any(k.__name__ == name and k.__module__.split(".")[0] == module for k in t.__mro__)


def _figure_output(figure):
    buf = io.BytesIO()
    # as IPython's inline backend (print_figure): the figure's own dpi and colours, not savefig.*
    figure.savefig(buf, format="png", bbox_inches="tight", dpi=figure.dpi,
                   facecolor=figure.get_facecolor(), edgecolor=figure.get_edgecolor())
    w, h = figure.get_size_inches() * figure.dpi
    return {"type": "display", "data": {"image/png": base64.b64encode(buf.getvalue()).decode("ascii"),
                                        "text/plain": "<Figure size %dx%d with %d Axes>" % (w, h, len(figure.axes))}}


def _bundle(value):
    """The _repr_*_ conventions Jupyter uses: a MIME bundle, or None."""
    data = {}
    method = getattr(value, "_repr_mimebundle_", None)
    if callable(method):
        try:
            got = method()
            bundle = got[0] if isinstance(got, tuple) else got
            if isinstance(bundle, dict):
                data.update(bundle)
        except Exception:
            pass
    for mime, name in (("text/html", "_repr_html_"), ("text/markdown", "_repr_markdown_"),
                       ("image/png", "_repr_png_"), ("image/svg+xml", "_repr_svg_"),
                       ("application/json", "_repr_json_")):
        method = getattr(value, name, None)
        if mime not in data and callable(method) and not isinstance(value, type):
            try:
                got = method()
            except Exception:
                got = None
            if got is not None:
                data[mime] = got
    if not data:
        return None
    for mime, v in list(data.items()):
        if isinstance(v, (bytes, bytearray)):
            data[mime] = base64.b64encode(bytes(v)).decode("ascii")
        elif not isinstance(v, str):
            data[mime] = json.dumps(v, default=str)
    data.setdefault("text/plain", _short_repr(value))
    return {"type": "display", "data": data}


def _short_repr(value):
    text = repr(value)
    if len(text) > _DISPLAY_LIMIT:
        text = text[:_DISPLAY_LIMIT] + "… (%d characters in all)" % len(text)
    return text


_PLAIN = frozenset((int, float, complex, str, bytes, bool, tuple, dict, set, frozenset, range))


def _output(value):
    """A value as a cell output: tables for query results, pandas objects (with pandas' own
    text and HTML) and lists of dicts; PNG for figures; a MIME bundle for _repr_*_; otherwise
    its repr (a numpy array's too, as numpy prints it)."""
    if type(value) in _PLAIN:  # the common case, and none of these has a _repr_*_ (GraalPy pays for every lookup)
        return {"type": "text", "text": _short_repr(value)}
    if isinstance(value, cellar_sql.Table):
        if _sql_table is not None:
            return _sql_table(value)
        return _table(zip(value.columns, value.types), (list(r.values()) for r in value[:_preview_rows]), len(value))
    if _is(value, "pandas", "DataFrame"):
        return _with_own_text(_frame_output(value), value)
    if _is(value, "pandas", "Series"):
        return _with_own_text(_frame_output(value.to_frame()), value)
    if isinstance(value, list) and value and len(value) <= 10_000_000 and all(isinstance(r, dict) for r in value):
        names = []
        for row in value:
            for k in row:
                if k not in names:
                    names.append(k)
        return _table([(str(n), "") for n in names],
                      ([row.get(n) for n in names] for row in value[:_preview_rows]), len(value))
    if _is(value, "matplotlib", "Figure"):
        out = _figure_output(value)
        _close_figure(value)
        return out
    bundle = _bundle(value)
    if bundle is not None:
        return bundle
    return {"type": "text", "text": _short_repr(value)}


# ---- tables kept for paging: the daemon's table.rows reads them by handle, a page at a time.
# Each cell keeps its last table value only; running it again drops the old one (begin_cell).

_tables = {}
_cell_tables = {}
_views = {}
_handles = [0]
_cell = [None]
_ROW_LIMIT = 10_000
_TEXT_LIMIT = 10_000


def begin_cell(filename):
    """A cell starts: the table it showed last time is no longer its output."""
    _cell[0] = filename
    _drop(_cell_tables.pop(filename, None))


def drop_tables(filenames):
    """These cells were deleted or edited: the tables kept for them go (the values may be large)."""
    for filename in filenames:
        _drop(_cell_tables.pop(filename, None))


def _drop(handle):
    if handle is not None:
        _tables.pop(handle, None)
        _views.pop(handle, None)


def _keep_table(value, output):
    if _cell[0] is None:
        return
    _handles[0] += 1
    handle = "py:%d" % _handles[0]
    _drop(_cell_tables.get(_cell[0]))
    _tables[handle] = value
    _cell_tables[_cell[0]] = handle
    output["handle"] = handle


def _pandas_frame(value):
    if _is(value, "pandas", "Series"):
        return value.to_frame()
    if _is(value, "pandas", "DataFrame"):
        return value
    return None


class _FrameView:
    """A DataFrame (or Series) as the rows of its output: the index first unless it is 0..n-1."""

    def __init__(self, frame):
        self.frame = frame
        index = frame.index
        self.indexed = not (type(index).__name__ == "RangeIndex" and index.start == 0 and index.step == 1)
        self.columns = [(str(c), str(t)) for c, t in zip(frame.columns, frame.dtypes)]
        if self.indexed:
            self.columns.insert(0, (str(index.name) if index.name is not None else "", str(index.dtype)))
        self.total = len(frame)

    def _column(self, frame, j):
        if self.indexed:
            if j == 0:
                return frame.index.to_series(index=range(len(frame)))
            j -= 1
        return frame.iloc[:, j].reset_index(drop=True)

    def select(self, sort, descending, search):
        frame = self.frame
        if search:
            mask = None
            for j in range(len(self.columns)):
                hit = self._column(frame, j).astype(str).str.contains(search, case=False, regex=False, na=False)
                mask = hit if mask is None else (mask | hit)
            frame = frame.iloc[[] if mask is None else mask.to_numpy().nonzero()[0]]
        if sort is not None:
            key = self._column(frame, sort)
            try:
                order = key.sort_values(ascending=not descending, na_position="last", kind="stable").index
            except TypeError:  # mixed types in one column: by their text
                order = key.astype(str).sort_values(ascending=not descending, kind="stable").index
            frame = frame.iloc[list(order)]
        return frame

    def rows(self, frame, start, stop):
        head = frame.iloc[start:stop]
        rows = [list(r) for r in head.itertuples(index=False, name=None)]
        if self.indexed:
            rows = [[i] + r for i, r in zip(head.index, rows)]
        return rows


class _ListView:
    """A list of dicts, or a query result (Table), as rows; sorting and searching read them all."""

    def __init__(self, value):
        self.value = value
        if isinstance(value, cellar_sql.Table):
            self.columns = list(zip(value.columns, value.types))
            self._slice = lambda a, b: [list(r.values()) for r in value[a:b]]
        else:
            names = []
            for row in value:
                for k in row:
                    if k not in names:
                        names.append(k)
            self.columns = [(str(n), "") for n in names]
            self._slice = lambda a, b: [[row.get(n) for n in names] for row in value[a:b]]
        self.total = len(value)

    def select(self, sort, descending, search):
        if not search and sort is None:
            return None
        rows = self._slice(0, self.total)
        if search:
            needle = search.lower()
            rows = [r for r in rows if any(needle in _text(v).lower() for v in r)]
        if sort is not None:
            present = [r for r in rows if r[sort] is not None]
            missing = [r for r in rows if r[sort] is None]
            try:
                present.sort(key=lambda r: r[sort], reverse=descending)
            except TypeError:
                present.sort(key=lambda r: _text(r[sort]), reverse=descending)
            rows = present + missing
        return rows

    def rows(self, selected, start, stop):
        return self._slice(start, stop) if selected is None else selected[start:stop]


def _text(v):
    return "" if v is None else str(v)


def _view_of(value):
    frame = _pandas_frame(value)
    return _FrameView(frame) if frame is not None else _ListView(value)


def table_rows(handle, offset, limit, sort=None, descending=False, search=None):
    """Rows [offset, offset+limit) of a kept table after the search and the sort: the daemon's
    table.rows. {"gone": true} for a handle this kernel no longer keeps."""
    value = _tables.get(handle)
    if value is None:
        return {"gone": True}
    offset = max(0, int(offset))
    limit = max(0, min(int(limit), _ROW_LIMIT))
    cached = _views.get(handle)
    view = cached[0] if cached is not None else _view_of(value)
    names = [n for n, _ in view.columns]
    if sort is not None and sort not in names:
        return {"error": "no column named %r (the columns: %s)" % (sort, ", ".join(names))}
    position = None if sort is None else names.index(sort)
    key = (position, bool(descending), search or None)
    if cached is not None and cached[1] == key:
        selected = cached[2]
    else:
        selected = view.select(position, bool(descending), search or None)
        _views[handle] = (view, key, selected)
    matching = view.total if selected is None else len(selected)
    rows = view.rows(selected, offset, offset + limit)
    return {"columns": [{"name": n, "type": t} for n, t in view.columns], "totalRows": view.total,
            "matchingRows": matching, "offset": offset,
            "rows": [[_cut(_json_value(v)) for v in row] for row in rows]}


def _cut(v):
    if isinstance(v, str) and len(v) > _TEXT_LIMIT:
        return v[:_TEXT_LIMIT] + "…"
    return v


# ---- IPython.display.display, which notebooks import: outside an IPython shell it only prints
# the objects' reprs, where Jupyter shows them. The module a cell imports gets this display().

class _IPythonDisplay:
    """A finder for IPython's module that defines display() (IPython.core.display_functions from
    IPython 7.14, IPython.core.display before): found as usual, then its display is ours, before
    IPython.display (which imports it from there) or a cell binds the name."""

    _DEFINED_IN = ("IPython.core.display_functions", "IPython.core.display")

    def find_spec(self, name, path=None, target=None):
        if name not in self._DEFINED_IN:
            return None
        import importlib.machinery
        spec = importlib.machinery.PathFinder.find_spec(name, path)
        if spec is not None and spec.loader is not None and hasattr(spec.loader, "exec_module"):
            spec.loader = _ShowingDisplay(spec.loader)
        return spec


class _ShowingDisplay:
    def __init__(self, loader):
        self._loader = loader

    def create_module(self, spec):
        return self._loader.create_module(spec)

    def exec_module(self, module):
        self._loader.exec_module(module)
        if "display" in module.__dict__:
            module.display = display

    def __getattr__(self, name):  # get_source, is_package, ...: the real loader's
        return getattr(self._loader, name)


# ---- matplotlib (only when the kernel's Python has it; GraalPy does not)

def _close_figure(figure):
    pyplot = sys.modules.get("matplotlib.pyplot")
    if pyplot is not None:
        pyplot.close(figure)


def show_figures(*args, **kwargs):
    """matplotlib's show() for our backend, and what runs at the end of every cell:
    each open figure becomes a PNG output, then is closed."""
    pyplot = sys.modules.get("matplotlib.pyplot")
    if pyplot is None:
        return
    for number in pyplot.get_fignums():
        figure = pyplot.figure(number)
        output = _figure_output(figure)
        output["kind"] = "display"
        _flush()
        _send(output)
    pyplot.close("all")


class _MatplotlibBackend:
    """Provides the module matplotlib loads for MPLBACKEND=module://cellar_matplotlib:
    headless Agg drawing, with show() turning figures into cell outputs."""

    def find_spec(self, name, path=None, target=None):
        if name != "cellar_matplotlib":
            return None
        import importlib.machinery
        return importlib.machinery.ModuleSpec(name, self)

    def create_module(self, spec):
        return None

    def exec_module(self, module):
        from matplotlib.backend_bases import FigureManagerBase
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        module.FigureCanvas = FigureCanvasAgg
        module.FigureManager = FigureManagerBase
        module.show = show_figures
