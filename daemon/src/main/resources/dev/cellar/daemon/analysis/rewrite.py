"""Rewrites a notebook's Python cells so they follow the one-definition rule.

``rewrite_cells(sources, labels)`` is what ``cellar import`` and ``cellar fix`` run (on the
analysis worker, like analyze.py).  Jupyter lets a cell assign a name another cell also
assigns (``fig, ax = plt.subplots()`` in every plotting cell, ``x`` reused for the next
example); a reactive notebook cannot, as it would not know which cell a reader depends on.
Reading the notebook top to bottom, as Jupyter ran it, each such name is rewritten:

* an import repeated from an earlier cell is removed (``import numpy as np`` twice);
* a cell whose value no other cell reads gets the name private (``_fig``, ``for _i``);
* otherwise every later definition gets its own name (``y``, ``y_1``, ``y_2``) and each
  reader the latest one above it; ``a += 2`` that goes on from an earlier cell becomes
  ``a_1 = a + 2``, and a cell that may read either (a loop adding to a total) starts with
  ``total_1 = total``.

Only the tokens that change are replaced, so comments and layout stay as written.  Names read
through ``eval``/``exec`` strings or ``globals()`` are left alone and reported.  The scopes
come from analyze.py's collector, so the rewrite agrees with the graph the daemon builds.

Only the standard library is used, so the module runs unchanged in GraalPy.
"""

import ast
import io
import keyword
import tokenize

import cellar_analyze

_SIMPLE_VALUES = (ast.Name, ast.Constant, ast.Call, ast.Attribute, ast.Subscript, ast.List, ast.Dict, ast.Set,
                  ast.ListComp, ast.DictComp, ast.SetComp, ast.GeneratorExp, ast.JoinedStr)
_OPS = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.MatMult: "@", ast.Div: "/", ast.Mod: "%", ast.Pow: "**",
        ast.LShift: "<<", ast.RShift: ">>", ast.BitOr: "|", ast.BitXor: "^", ast.BitAnd: "&", ast.FloorDiv: "//"}
_HIDING_CALLS = ("eval", "exec")
_NAMESPACE_CALLS = ("globals", "locals", "vars")


# ---- one cell: its text, tokens and where each global name occurs ------------------------------

class _Text:
    """A cell's source with conversions from ast's (line, UTF-8 byte column) to offsets."""

    def __init__(self, source):
        self.source = source
        self.starts = [0]
        for line in source.split("\n"):
            self.starts.append(self.starts[-1] + len(line) + 1)
        self.lines = source.split("\n")

    def offset(self, line, byte_col):
        text = self.lines[line - 1]
        return self.starts[line - 1] + len(text.encode("utf-8")[:byte_col].decode("utf-8", "replace"))

    def char_offset(self, line, col):
        return self.starts[line - 1] + col

    def span(self, node):
        return self.offset(node.lineno, node.col_offset), self.offset(node.end_lineno, node.end_col_offset)


class _Recorder(cellar_analyze._Collector):
    """analyze.py's pass 1, noting the node of every binding, load, ``del`` and ``global``."""

    def __init__(self):
        super().__init__()
        self.current = None
        self.records = []  # (key node, name, scope, kind)

    def visit(self, node):
        outer = self.current
        self.current = node
        try:
            return super().visit(node)
        finally:
            self.current = outer

    def _bind(self, name, scope=None):
        node = self.current
        if isinstance(node, ast.NamedExpr):
            node = node.target
        self.records.append((node, name, scope or self.scope, "bind"))
        super()._bind(name, scope)

    def visit_Name(self, node):
        if isinstance(node.ctx, ast.Load):
            self.records.append((node, node.id, self.scope, "load"))
        elif isinstance(node.ctx, ast.Del):
            self.records.append((node, node.id, self.scope, "del"))
        super().visit_Name(node)

    def visit_Global(self, node):
        if self.scope is not self.module:
            for name in node.names:
                self.records.append((node, name, self.scope, "global"))
        super().visit_Global(node)

    def visit_ExceptHandler(self, node):
        if node.name and self.scope is self.module:
            self.records.append((node, node.name, self.module, "bind"))
        super().visit_ExceptHandler(node)


class _Cell:
    """One parsed cell: its defs and refs (as analyze.py says) and each global occurrence."""

    def __init__(self, index, source):
        self.index = index
        self.text = _Text(source)
        self.tree = ast.parse(source)
        self.tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
        analysis = cellar_analyze._analyze(source)
        self.defs = set(analysis["defs"])
        self.refs = set(analysis["refs"])
        recorder = _Recorder()
        recorder.visit(self.tree)
        for scope in recorder.scopes[1:]:  # analyze.py's pass 2a: ``del`` makes a name local
            for name in scope.dels:
                if name not in scope.globals:
                    scope.binds.add(name)
        # key: (id(node), name) -> "bind" | "load" | "del" | "global", for occurrences on the module
        self.occurrences = {}
        self.nodes = {}
        for node, name, scope, kind in recorder.records:
            if scope.kind == "module" or kind == "global":
                is_global = True
            elif kind == "load":
                is_global = cellar_analyze._reads_global(scope, name)
            else:
                is_global = name in scope.globals
            if is_global:
                self.occurrences.setdefault((id(node), name), kind)
                self.nodes[id(node)] = node
        self.identifiers = {t.string for t in self.tokens if t.type == tokenize.NAME}

    def names(self):
        return {name for _, name in self.occurrences}


# ---- the order a cell runs in: which reads see the cell's own value -----------------------------

class _State:
    __slots__ = ("definite", "possible")

    def __init__(self, definite=frozenset(), possible=frozenset()):
        self.definite = definite
        self.possible = possible

    def bound(self, name):
        return _State(self.definite | {name}, self.possible | {name})

    def merge(self, other):
        return _State(self.definite & other.definite, self.possible | other.possible)

    def widened(self, other):
        """Where a loop starts again: what an earlier round may have bound."""
        return _State(self.definite, self.possible | other.possible)


class _Order:
    """Walks a cell in the order it runs and labels each read of a global name: ``prev`` (the
    value an earlier cell left), ``new`` (this cell's own), ``maybe`` (either, by the path
    taken) or ``later`` (in a function body: whatever the name holds when it is called)."""

    def __init__(self, cell):
        self.cell = cell
        self.labels = {}  # (id(node), name) -> set of labels
        self.aug = {}  # id(target Name) -> label of the read an augmented assignment makes

    def _occ(self, node, name):
        key = (id(node), name)
        return key if key in self.cell.occurrences else None

    def _label(self, key, label):
        self.labels.setdefault(key, set()).add(label)

    def _read(self, key, name, st):
        self._label(key, "new" if name in st.definite else "maybe" if name in st.possible else "prev")

    def stmts(self, body, st):
        for s in body:
            st = self.stmt(s, st)
        return st

    def stmt(self, s, st):
        method = getattr(self, "stmt_" + type(s).__name__, None)
        if method is not None:
            return method(s, st)
        for child in ast.iter_child_nodes(s):
            st = self.stmt(child, st) if isinstance(child, ast.stmt) else self.expr(child, st)
        return st

    def stmt_Assign(self, s, st):
        st = self.expr(s.value, st)
        for target in s.targets:
            st = self.expr(target, st)
        return st

    def stmt_AugAssign(self, s, st):
        if isinstance(s.target, ast.Name) and self._occ(s.target, s.target.id):
            name = s.target.id
            self.aug[id(s.target)] = "new" if name in st.definite else "maybe" if name in st.possible else "prev"
            st = self.expr(s.value, st)
            self._label((id(s.target), name), "def")
            return st.bound(name)
        st = self.expr(s.value, st)
        return self.expr(s.target, st)

    def stmt_AnnAssign(self, s, st):
        st = self.expr(s.annotation, st)
        if s.value is not None:
            st = self.expr(s.value, st)
        return self.expr(s.target, st)

    def _loop(self, st, head, body, orelse):
        first = self.stmts(body, head(st))
        again = self.stmts(body, head(st.widened(first)))
        return self.stmts(orelse, st.merge(again).widened(again))

    def stmt_For(self, s, st):
        st = self.expr(s.iter, st)
        return self._loop(st, lambda at: self.expr(s.target, at), s.body, s.orelse)

    stmt_AsyncFor = stmt_For

    def stmt_While(self, s, st):
        return self._loop(st, lambda at: self.expr(s.test, at), s.body, s.orelse)

    def stmt_If(self, s, st):
        st = self.expr(s.test, st)
        return self.stmts(s.body, st).merge(self.stmts(s.orelse, st))

    def stmt_With(self, s, st):
        for item in s.items:
            st = self.expr(item.context_expr, st)
            if item.optional_vars is not None:
                st = self.expr(item.optional_vars, st)
        return self.stmts(s.body, st)

    stmt_AsyncWith = stmt_With

    def stmt_Try(self, s, st):
        body = self.stmts(s.body, st)
        ends = [self.stmts(s.orelse, body)]
        for handler in s.handlers:
            at = st.widened(body)
            if handler.type is not None:
                at = self.expr(handler.type, at)
            key = self._occ(handler, handler.name) if handler.name else None
            if key:
                self._label(key, "def")
                at = at.bound(handler.name)
            ends.append(self.stmts(handler.body, at))
        end = ends[0]
        for other in ends[1:]:
            end = end.merge(other)
        return self.stmts(s.finalbody, end)

    stmt_TryStar = stmt_Try

    def stmt_Match(self, s, st):
        st = self.expr(s.subject, st)
        end = st
        for case in s.cases:
            at = self.pattern(case.pattern, st)
            if case.guard is not None:
                at = self.expr(case.guard, at)
            end = end.merge(self.stmts(case.body, at))
        return end

    def pattern(self, node, st):
        for child in ast.iter_child_nodes(node):
            st = self.pattern(child, st) if isinstance(child, ast.pattern) else self.expr(child, st)
        name = getattr(node, "name", None) or getattr(node, "rest", None)
        if isinstance(name, str) and self._occ(node, name):
            self._label((id(node), name), "def")
            st = st.bound(name)
        return st

    def stmt_FunctionDef(self, s, st):
        for node in s.decorator_list + s.args.defaults + [d for d in s.args.kw_defaults if d]:
            st = self.expr(node, st)
        self.later(s.args)
        if s.returns is not None:
            self.later(s.returns)
        for node in s.body:
            self.later(node)
        return self._bind_stmt(s, s.name, st)

    stmt_AsyncFunctionDef = stmt_FunctionDef

    def stmt_ClassDef(self, s, st):
        for node in s.decorator_list + s.bases + [k.value for k in s.keywords]:
            st = self.expr(node, st)
        st = self.stmts(s.body, st)  # a class body runs now; what it binds is the class's
        return self._bind_stmt(s, s.name, st)

    def _bind_stmt(self, s, name, st):
        if self._occ(s, name):
            self._label((id(s), name), "def")
            return st.bound(name)
        return st

    def stmt_Import(self, s, st):
        for alias in s.names:
            name = alias.asname or alias.name.partition(".")[0]
            st = self._bind_stmt(s, name, st)
        return st

    stmt_ImportFrom = stmt_Import

    def later(self, node):
        for child in ast.walk(node):
            for kind_key in ((id(child), getattr(child, "id", None)), (id(child), getattr(child, "name", None))):
                if kind_key in self.cell.occurrences:
                    kind = self.cell.occurrences[kind_key]
                    self._label(kind_key, "def" if kind == "bind" else "later")
            if isinstance(child, ast.Global):
                for name in child.names:
                    if (id(child), name) in self.cell.occurrences:
                        self._label((id(child), name), "later")

    def expr(self, node, st):
        if isinstance(node, ast.Name):
            key = self._occ(node, node.id)
            if key:
                if isinstance(node.ctx, ast.Store):
                    self._label(key, "def")
                    return st.bound(node.id)
                self._read(key, node.id, st)
            return st
        if isinstance(node, ast.NamedExpr):
            st = self.expr(node.value, st)
            return self.expr(node.target, st)
        if isinstance(node, ast.Lambda):
            for d in node.args.defaults + [d for d in node.args.kw_defaults if d]:
                st = self.expr(d, st)
            self.later(node.body)
            return st
        if isinstance(node, (ast.ListComp, ast.SetComp, ast.GeneratorExp, ast.DictComp)):
            for gen in node.generators:
                st = self.expr(gen.iter, st)
                st = self.expr(gen.target, st)
                for cond in gen.ifs:
                    st = self.expr(cond, st)
            for part in ("elt", "key", "value"):
                if hasattr(node, part):
                    st = self.expr(getattr(node, part), st)
            return st
        for child in ast.iter_child_nodes(node):
            st = self.expr(child, st) if isinstance(child, ast.AST) else st
        return st


# ---- the whole notebook ------------------------------------------------------------------------

def _cells_text(labels):
    """``cell 4``, ``cells 4–6``, ``cells 2, 5–7``."""
    labels = sorted(set(labels))
    parts = []
    i = 0
    while i < len(labels):
        j = i
        while j + 1 < len(labels) and labels[j + 1] == labels[j] + 1:
            j += 1
        parts.append(str(labels[i]) if j == i else "%d\u2013%d" % (labels[i], labels[j])
                     if j > i + 1 else "%d, %d" % (labels[i], labels[j]))
        i = j + 1
    return ("cell " if len(labels) == 1 else "cells ") + ", ".join(parts)


class _Notebook:
    def __init__(self, sources, labels):
        self.sources = list(sources)
        self.labels = list(labels)
        self.changes = []
        self.problems = []

    def label(self, i):
        return self.labels[i]

    def parse(self):
        cells = []
        for i, source in enumerate(self.sources):
            try:
                cells.append(_Cell(i, source))
            except (SyntaxError, ValueError, tokenize.TokenError, RecursionError, IndentationError):
                cells.append(None)
        return cells

    def taken(self, cells):
        names = set(keyword.kwlist)
        for cell in cells:
            if cell is not None:
                names |= cell.identifiers
        return names


def _edit(source, edits):
    """Applies (start, end, text) edits, from the last: spans never overlap, insertions at a
    span's start go before it."""
    for start, end, text in sorted(edits, key=lambda e: (e[0], e[1]), reverse=True):
        source = source[:start] + text + source[end:]
    return source


# ---- step 1: imports repeated from an earlier cell ---------------------------------------------

def _import_key(stmt, alias):
    if isinstance(stmt, ast.Import):
        # ``import a.b`` binds the package a, as ``import a`` does
        return ("import", alias.name if alias.asname else alias.name.partition(".")[0], alias.asname)
    return ("from", "." * stmt.level + (stmt.module or ""), alias.name, alias.asname)


def _alias_text(alias):
    return alias.name + (" as " + alias.asname if alias.asname else "")


def _import_what(stmt, alias):
    if isinstance(stmt, ast.Import):
        return _alias_text(alias)
    return _alias_text(alias) + " from " + "." * stmt.level + (stmt.module or "")


def _remove_duplicate_imports(nb):
    cells = nb.parse()
    taken = nb.taken(cells)
    # a name may lose a repeated import only when everything that binds it, in every cell, is
    # that same import: then each copy after the first gives the name the same value again
    binds = {}
    for cell in cells:
        if cell is None:
            continue
        for (node_id, name), kind in cell.occurrences.items():
            if kind != "bind":
                continue
            node = cell.nodes[node_id]
            key = None
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                for alias in node.names:
                    if (alias.asname or alias.name.partition(".")[0]) == name and alias.name != "*":
                        key = _import_key(node, alias)
            binds.setdefault(name, set()).add(key)
    seen = {}  # bound name -> cell index of its first import
    loaded = {}  # dotted module of an ``import a.b`` -> cell index that first loads it
    removed = {}  # what -> cell indexes
    for cell in cells:
        if cell is None:
            continue
        edits = []
        for stmt in cell.tree.body:
            if not isinstance(stmt, (ast.Import, ast.ImportFrom)) or getattr(stmt, "module", None) == "__future__":
                continue
            keep, dropped = [], []
            for alias in stmt.names:
                name = alias.asname or alias.name.partition(".")[0]
                key = _import_key(stmt, alias)
                # a private name (``import time as _time``) is each cell's own: every cell keeps its import
                if alias.name != "*" and not name.startswith("_") and binds.get(name) == {key} and name in seen:
                    dropped.append(alias)
                else:
                    keep.append(alias)
                    seen.setdefault(name, cell.index)
            for alias in keep:
                if isinstance(stmt, ast.Import) and "." in alias.name and not alias.asname:
                    loaded.setdefault(alias.name, cell.index)
            if not dropped:
                continue
            kept = [_alias_text(a) for a in keep]
            for alias in dropped:
                removed.setdefault(_import_what(stmt, alias), []).append(cell.index)
                name = alias.name.partition(".")[0]
                if isinstance(stmt, ast.Import) and "." in alias.name and not alias.asname \
                        and loaded.get(alias.name) != seen.get(name):
                    # the package is bound already, but the submodule must still be loaded (unless the
                    # cell that binds the package, which readers depend on, loads it too)
                    kept.append(alias.name + " as " + _private(alias.name.replace(".", "_"), taken))
                    loaded.setdefault(alias.name, cell.index)
            start, end = cell.text.span(stmt)
            if kept:
                head = ("import " if isinstance(stmt, ast.Import)
                        else "from " + "." * stmt.level + (stmt.module or "") + " import ")
                edits.append((start, end, head + ", ".join(kept)))
            else:
                edits.append(_whole_lines(cell, start, end))
        nb.sources[cell.index] = _edit(nb.sources[cell.index], edits)
    for what, indexes in removed.items():
        nb.changes.append("removed duplicate import %s in %s" % (what, _cells_text(nb.label(i) for i in indexes)))


def _whole_lines(cell, start, end):
    """The edit that removes a statement: its lines when it has them to itself (a comment after
    it goes too), else ``pass`` in its place."""
    source = cell.text.source
    line_start = source.rfind("\n", 0, start) + 1
    line_end = source.find("\n", end)
    line_end = len(source) if line_end < 0 else line_end + 1
    rest = source[end:line_end].strip()
    if source[line_start:start].strip() == "" and (rest == "" or rest.startswith("#")):
        return line_start, line_end, ""
    return start, end, "pass"


# ---- step 2: names hidden from the analysis ----------------------------------------------------

def _hidden_names(cells):
    """Names read through eval/exec strings or globals()['name'] (left alone), and cells that use
    the namespace in ways no one can follow (a computed key, globals() passed on)."""
    hidden = {}  # name -> cell indexes
    opaque = []
    for cell in cells:
        if cell is None:
            continue
        for node in ast.walk(cell.tree):
            if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Name):
                continue
            func = node.func.id
            if func in _HIDING_CALLS and node.args:
                arg = node.args[0]
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    try:
                        inner = ast.parse(arg.value, mode="eval" if func == "eval" else "exec")
                    except SyntaxError:
                        continue
                    for sub in ast.walk(inner):
                        if isinstance(sub, ast.Name):
                            hidden.setdefault(sub.id, set()).add(cell.index)
                else:
                    opaque.append((cell.index, func + "() of a computed string"))
            elif func in _NAMESPACE_CALLS and not node.args and not (func != "globals" and _cell_local(cell, node)):
                parent_key = _subscript_key(cell, node)
                if parent_key is not None:
                    hidden.setdefault(parent_key, set()).add(cell.index)
                else:
                    opaque.append((cell.index, func + "()"))
    return hidden, opaque


def _cell_local(cell, call):
    """locals() and vars() inside a function are the function's own."""
    for node in ast.walk(cell.tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
            if any(sub is call for sub in ast.walk(node)):
                return True
    return False


def _subscript_key(cell, call):
    for node in ast.walk(cell.tree):
        if isinstance(node, ast.Subscript) and node.value is call:
            key = node.slice
            if isinstance(key, ast.Constant) and isinstance(key.value, str):
                return key.value
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.value is call \
                and node.func.attr in ("get", "setdefault", "pop") and node.args \
                and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str):
            return node.args[0].value
    return None


# ---- step 3: one name, one cell ---------------------------------------------------------------

def _token_span(cell, node, name, after_as=False, last=False):
    """Where ``name`` is written in ``node`` (a def, class, import, global, except or pattern),
    as offsets of its token."""
    start, end = cell.text.span(node)
    found = None
    prev = None
    for tok in cell.tokens:
        offset = cell.text.char_offset(*tok.start)
        if offset >= end:
            break
        if offset >= start and tok.type == tokenize.NAME and tok.string == name:
            if not after_as or (prev is not None and prev.string == "as"):
                found = (offset, offset + len(name))
                if not last:
                    return found
        if offset >= start:
            prev = tok
    return found


def _import_span(cell, stmt, name, taken):
    """The span of the alias binding ``name`` in an import, and the text before and after the
    new name that renames it (``import a.b`` binds a: it becomes ``import a as a_1, a.b as _a_b``,
    which binds the new name to the package and still loads the submodule)."""
    for alias in stmt.names:
        if alias.asname == name:
            return _token_span(cell, stmt, name, after_as=True), "", ""
        if alias.asname is None and isinstance(stmt, ast.Import) and "." in alias.name \
                and alias.name.partition(".")[0] == name:
            span = _dotted_span(cell, stmt, alias.name)
            if span is not None:
                return span, name + " as ", ", %s as %s" % (alias.name, _private(alias.name.replace(".", "_"), taken))
        if alias.asname is None and alias.name == name:
            start, end = cell.text.span(stmt)
            seen_import = isinstance(stmt, ast.Import)
            for i, tok in enumerate(cell.tokens):
                offset = cell.text.char_offset(*tok.start)
                if offset < start:
                    continue
                if offset >= end:
                    break
                if tok.string == "import":
                    seen_import = True
                    continue
                nxt = cell.tokens[i + 1].string if i + 1 < len(cell.tokens) else ""
                if seen_import and tok.type == tokenize.NAME and tok.string == name and nxt not in (".", "as"):
                    return (offset, offset + len(name)), name + " as ", ""
    return None, "", ""


def _dotted_span(cell, stmt, dotted):
    """Where ``a.b.c`` (without ``as``) is written in an import statement."""
    start, end = cell.text.span(stmt)
    parts = dotted.split(".")
    toks = [t for t in cell.tokens if start <= cell.text.char_offset(*t.start) < end
            and t.type not in (tokenize.NL, tokenize.COMMENT)]
    for i in range(len(toks)):
        words = [t.string for t in toks[i:i + 2 * len(parts) - 1]]
        if words == [w for p in parts for w in (p, ".")][:-1] and (i == 0 or toks[i - 1].string in ("import", ",")):
            after = toks[i + 2 * len(parts) - 1].string if i + 2 * len(parts) - 1 < len(toks) else ""
            if after != "as" and after != ".":
                first, last = toks[i], toks[i + 2 * len(parts) - 2]
                return cell.text.char_offset(*first.start), cell.text.char_offset(*last.end)
    return None


def _spans(cell, key, taken):
    """The edit for one occurrence: (start, end, text before the new name, text after) or None."""
    node = cell.nodes[key[0]]
    name = key[1]
    if isinstance(node, ast.Name):
        start, end = cell.text.span(node)
        return start, end, "", ""
    if isinstance(node, (ast.Import, ast.ImportFrom)):
        span, prefix, suffix = _import_span(cell, node, name, taken)
        return None if span is None else (span[0], span[1], prefix, suffix)
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Global)):
        span = _token_span(cell, node, name)
    elif isinstance(node, ast.ExceptHandler):
        span = _token_span(cell, node, name, after_as=True)
    else:  # match patterns: the name is the last word of ``... as name``, ``*name``, ``**name``
        span = _token_span(cell, node, name, last=True)
    return None if span is None else (span[0], span[1], "", "")


def _fresh(base, taken):
    n = 1
    while "%s_%d" % (base, n) in taken:
        n += 1
    name = "%s_%d" % (base, n)
    taken.add(name)
    return name


def _private(name, taken):
    candidate = "_" + name
    while candidate in taken:
        candidate = "_" + candidate
    taken.add(candidate)
    return candidate


def _rename(nb):
    cells = nb.parse()
    hidden, opaque = _hidden_names(cells)
    for index, how in opaque:
        nb.problems.append("%s uses %s: Cellar cannot see which names it reads or writes; name them in the cell"
                           " instead" % (_cells_text([nb.label(index)]), how))
    definers = {}
    for cell in cells:
        if cell is not None:
            for name in cell.defs:
                definers.setdefault(name, []).append(cell.index)
    repeated = {name: idx for name, idx in definers.items() if len(idx) > 1}
    for name in sorted(set(hidden) & set(definers)):
        used_in = sorted(hidden[name])
        if set(used_in) - set(definers[name]) or name in repeated:
            nb.problems.append("%s is used through a string or globals() in %s and defined in %s: left as it is;"
                               " write the name in the code so Cellar sees it (and rename it by hand where it is"
                               " defined twice)" % (name, _cells_text(nb.label(i) for i in used_in),
                                                    _cells_text(nb.label(i) for i in definers[name])))
    taken = nb.taken(cells)
    orders = {}
    for cell in cells:
        if cell is not None:
            order = _Order(cell)
            order.stmts(cell.tree.body, _State())
            orders[cell.index] = order
    edits = {i: [] for i in range(len(cells))}
    notes = []
    for name in sorted(repeated, key=lambda n: (repeated[n][0], n)):
        if name in hidden:
            continue
        _rename_one(nb, cells, orders, name, repeated[name], taken, edits, notes)
    for i, cell_edits in edits.items():
        if cell_edits:
            nb.sources[i] = _edit(nb.sources[i], cell_edits)
    nb.changes.extend(notes)


def _reads(order, cell, name):
    """Each read of ``name`` in the cell with its label (``prev``/``new``/``maybe``), and the
    label of each augmented assignment's read."""
    defines = name in cell.defs
    out = {}
    for key, kind in cell.occurrences.items():
        if key[1] != name:
            continue
        labels = order.labels.get(key, {"later"} if kind != "bind" else {"def"})
        if "def" in labels and kind == "bind":
            out[key] = "def"
            continue
        labels = {("new" if defines else "prev") if lab == "later" else lab for lab in labels}
        labels.discard("def")
        out[key] = labels.pop() if len(labels) == 1 else "maybe"
    return out


def _rename_one(nb, cells, orders, name, defining, taken, edits, notes):
    per_cell = {c.index: _reads(orders[c.index], c, name) for c in cells if c is not None and name in c.names()}

    def reads_earlier(i):
        """Does cell i read the value an earlier cell gave the name?"""
        if i not in defining:
            return name in cells[i].refs
        aug = orders[i].aug
        return any(label in ("prev", "maybe") or aug.get(key[0]) in ("prev", "maybe")
                   for key, label in per_cell.get(i, {}).items())

    # a definition another cell reads stays global, with a name of its own; the others become private
    read = set()
    for i in per_cell:
        before = [d for d in defining if d < i]
        if reads_earlier(i) and (before or i not in defining):
            read.add(before[-1] if before else defining[0])
    exported = [d for d in defining if d in read]
    versions = {d: name if n == 0 else _fresh(name, taken) for n, d in enumerate(exported)}
    private_name = _private(name, taken) if len(exported) < len(defining) else None
    touched = {}
    for i, reads in per_cell.items():
        cell = cells[i]
        if i not in defining and name not in cell.refs:
            continue  # the cell's own except-name, never a global of another cell
        before = [d for d in exported if d < i]
        prev_name = versions[before[-1]] if before else name
        own = versions.get(i, private_name) if i in defining else None
        aug = orders[i].aug
        maybe = own is not None and bool(before) and any(
            label == "maybe" or aug.get(key[0]) == "maybe" for key, label in reads.items())
        changed = False
        for key, label in reads.items():
            span = _spans(cell, key, taken)
            if span is None:
                continue
            start, end, prefix, suffix = span
            if own is not None and aug.get(key[0]) == "prev" and before and not maybe:
                edits[i].extend(_expand_aug(cell, cell.nodes[key[0]], own, prev_name))
                changed = True
                continue
            target = prev_name if own is None or (label == "prev" and before and not maybe) else own
            if target != name:
                edits[i].append((start, end, prefix + target + suffix))
                changed = True
        if maybe:
            first = min(cell.text.span(s)[0] for s in cell.tree.body if _mentions(s, name))
            line_start = cell.text.source.rfind("\n", 0, first) + 1
            edits[i].append((line_start, line_start, "%s = %s  # cellar: goes on from %s\n"
                             % (own, prev_name, _cells_text([nb.label(before[-1])]))))
            changed = True
        if changed:
            touched.setdefault(own if own is not None else prev_name, []).append(i)
    for target, indexes in sorted(touched.items(), key=lambda t: min(t[1])):
        if target != name:
            only = " (used only there)" if target == private_name else ""
            notes.append("%s \u2192 %s in %s%s" % (name, target, _cells_text(nb.label(i) for i in indexes), only))


def _mentions(stmt, name):
    return any(isinstance(n, ast.Name) and n.id == name for n in ast.walk(stmt)) or any(
        getattr(n, "name", None) == name for n in ast.walk(stmt))


def _expand_aug(cell, target, own, prev_name):
    """``a += 2`` that goes on from an earlier cell's ``a``: ``a_1 = a + 2``."""
    stmt = next(s for s in ast.walk(cell.tree) if isinstance(s, ast.AugAssign) and s.target is target)
    t_start, t_end = cell.text.span(target)
    v_start, v_end = cell.text.span(stmt.value)
    op = None
    for tok in cell.tokens:
        offset = cell.text.char_offset(*tok.start)
        if offset >= t_end and tok.type == tokenize.OP and tok.string.endswith("="):
            op = (offset, offset + len(tok.string))
            break
    edits = [(t_start, t_end, own), (op[0], op[1], "= %s %s" % (prev_name, _OPS[type(stmt.op)]))]
    if not isinstance(stmt.value, _SIMPLE_VALUES):
        edits += [(v_start, v_start, "("), (v_end, v_end, ")")]
    return edits


def rewrite_cells(sources, labels=None):
    """Rewrites the Python cells ``sources`` (in notebook order; ``labels``: how each is named to
    people, default its index) so each global name is defined in one cell.  Returns
    ``{"sources": [...], "changes": [...], "problems": [...]}``: the new code of every cell
    (unchanged ones as they were), what changed, and what is left for a person to do.  A cell
    that does not parse is left as it is and takes no part."""
    sources = [str(s) for s in sources]
    labels = list(range(len(sources))) if labels is None else [int(x) for x in labels]
    nb = _Notebook(sources, labels)
    _remove_duplicate_imports(nb)
    _rename(nb)
    return {"sources": nb.sources, "changes": nb.changes, "problems": nb.problems}
