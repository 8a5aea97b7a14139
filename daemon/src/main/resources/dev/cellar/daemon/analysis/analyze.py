"""Static dependency analysis of notebook cells.

The daemon calls ``analyze_cells(sources)`` and gets, for every cell, the
global names it defines ("defs") and the global names it reads that some other
cell must provide ("refs").  The reactive scheduler builds its graph from them.

The analysis mirrors CPython's symbol table in two passes: ``_Collector`` walks
the AST once and records, per scope, what is bound, declared global/nonlocal
and loaded; only then can loads be resolved, because a binding or a ``global``
statement anywhere in a function affects every use of the name in it.

Only the standard library is used, so the module runs unchanged in GraalPy.
"""

import ast
import builtins

# display() is given to every cell by both kernels (outputs.py), as Jupyter's is: a builtin here
_BUILTINS = frozenset(dir(builtins)) | {"display"}


class _Scope:
    """One Python scope: module, class, function (lambdas and generic-type
    annotation scopes behave as functions) or comprehension."""

    __slots__ = ("kind", "parent", "binds", "globals", "nonlocals", "loads", "dels")

    def __init__(self, kind, parent):
        self.kind = kind
        self.parent = parent
        self.binds = set()  # module scope: every name bound anywhere at top level
        self.globals = set()
        self.nonlocals = set()
        self.loads = []
        self.dels = set()  # non-module scopes only; resolved in pass 2


class _Collector(ast.NodeVisitor):
    """Pass 1: build the scope tree without resolving anything."""

    def __init__(self):
        self.module = _Scope("module", None)
        self.scope = self.module
        self.scopes = [self.module]
        # Top-level binds and dels in source order: a ``del`` only cancels a
        # definition if nothing re-binds the name afterwards.
        self.events = []

    def _push(self, kind):
        self.scope = _Scope(kind, self.scope)
        self.scopes.append(self.scope)

    def _bind(self, name, scope=None):
        scope = scope or self.scope
        scope.binds.add(name)
        if scope is self.module:
            self.events.append((True, name))

    def visit_Name(self, node):
        if isinstance(node.ctx, ast.Load):
            self.scope.loads.append(node.id)
        elif isinstance(node.ctx, ast.Store):
            self._bind(node.id)
        elif self.scope is self.module:
            # Also a load: deleting a name this cell never bound touches
            # another cell's variable (pass 2 drops it if the cell binds it).
            self.events.append((False, node.id))
            self.scope.loads.append(node.id)
        else:
            self.scope.dels.add(node.id)

    def visit_Global(self, node):
        if self.scope is not self.module:  # ``global`` at top level is a no-op
            self.scope.globals.update(node.names)

    def visit_Nonlocal(self, node):
        self.scope.nonlocals.update(node.names)

    def visit_Import(self, node):
        for alias in node.names:  # ``import a.b.c`` binds only ``a``
            self._bind(alias.asname or alias.name.partition(".")[0])

    def visit_ImportFrom(self, node):
        # Future imports are compiler directives; exporting the incidental
        # ``annotations`` binding would make every cell using one a duplicate
        # definition of it.  Star imports are unknowable statically.
        if node.module == "__future__":
            return
        for alias in node.names:
            if alias.name != "*":
                self._bind(alias.asname or alias.name)

    def _type_params(self, node):
        """PEP 695 generics (3.12+) get a function-like scope binding the type
        parameters; the caller restores ``self.scope`` afterwards."""
        params = getattr(node, "type_params", None)
        if not params:
            return
        self._push("function")
        for param in params:
            self._bind(param.name)
        for param in params:
            for attr in ("bound", "default_value"):
                if getattr(param, attr, None) is not None:
                    self.visit(getattr(param, attr))

    def _visit_function(self, node, body):
        """Functions and lambdas: defaults, decorators and annotations run in
        the enclosing scope when the ``def`` executes; the body runs later in
        its own scope."""
        args = node.args
        for default in args.defaults + [d for d in args.kw_defaults if d]:
            self.visit(default)
        for decorator in getattr(node, "decorator_list", ()):
            self.visit(decorator)
        outer = self.scope
        self._type_params(node)
        params = args.posonlyargs + args.args + args.kwonlyargs
        params += [a for a in (args.vararg, args.kwarg) if a]
        for annotation in [p.annotation for p in params] + [getattr(node, "returns", None)]:
            if annotation is not None:
                self.visit(annotation)
        self._push("function")
        for param in params:
            self._bind(param.arg)
        for stmt in body:
            self.visit(stmt)
        self.scope = outer

    def visit_FunctionDef(self, node):
        self._visit_function(node, node.body)
        self._bind(node.name)

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_Lambda(self, node):
        self._visit_function(node, [node.body])

    def visit_ClassDef(self, node):
        for decorator in node.decorator_list:
            self.visit(decorator)
        outer = self.scope
        self._type_params(node)
        for base in node.bases + node.keywords:
            self.visit(base)
        self._push("class")
        for stmt in node.body:
            self.visit(stmt)
        self.scope = outer
        self._bind(node.name)

    def visit_TypeAlias(self, node):  # ``type X[T] = ...`` (3.12+)
        self._bind(node.name.id)
        outer = self.scope
        self._type_params(node)
        self.visit(node.value)
        self.scope = outer

    def _visit_comprehension(self, node, *results):
        """Only the first iterable is evaluated outside the comprehension's
        own scope (it is passed in as an argument)."""
        generators = node.generators
        self.visit(generators[0].iter)
        outer = self.scope
        self._push("comprehension")
        for i, generator in enumerate(generators):
            if i:
                self.visit(generator.iter)
            self.visit(generator.target)
            for condition in generator.ifs:
                self.visit(condition)
        for result in results:
            self.visit(result)
        self.scope = outer

    def visit_ListComp(self, node):
        self._visit_comprehension(node, node.elt)

    visit_SetComp = visit_GeneratorExp = visit_ListComp

    def visit_DictComp(self, node):
        self._visit_comprehension(node, node.key, node.value)

    def visit_NamedExpr(self, node):
        # PEP 572: a walrus binds in the nearest non-comprehension scope.
        self.visit(node.value)
        scope = self.scope
        while scope.kind == "comprehension":
            scope = scope.parent
        self._bind(node.target.id, scope)

    def visit_AnnAssign(self, node):
        # Annotations of function locals are never evaluated.  A bare ``x: T``
        # makes x local in a function but binds nothing elsewhere.
        in_function = self.scope.kind == "function"
        if not in_function:
            self.visit(node.annotation)
        if node.value is not None:
            self.visit(node.value)
        if not isinstance(node.target, ast.Name):
            self.visit(node.target)  # ``a.b: T = v`` reads a
        elif node.value is not None or in_function:
            self._bind(node.target.id)

    def visit_AugAssign(self, node):
        self.visit(node.value)
        if isinstance(node.target, ast.Name):  # the AST marks it Store only
            self.scope.loads.append(node.target.id)
        self.visit(node.target)

    def visit_ExceptHandler(self, node):
        if node.type is not None:
            self.visit(node.type)
        if node.name:
            if self.scope is self.module:
                # Python deletes the name when the handler ends, so it is never
                # exported, but loads of it inside the handler are not refs.
                # No del event: a definition made earlier survives if the
                # handler does not run.
                self.module.binds.add(node.name)
            else:
                self._bind(node.name)
        for stmt in node.body:
            self.visit(stmt)

    def visit_MatchAs(self, node):
        if node.pattern is not None:
            self.visit(node.pattern)
        if node.name:
            self._bind(node.name)

    def visit_MatchStar(self, node):
        if node.name:
            self._bind(node.name)

    def visit_MatchMapping(self, node):
        self.generic_visit(node)  # keys are value patterns, i.e. loads
        if node.rest:
            self._bind(node.rest)


def _reads_global(scope, name):
    """Does a load of ``name`` in ``scope`` resolve to the module namespace?
    Class scopes are invisible to the scopes nested inside them."""
    if scope.kind == "module" or name in scope.globals:
        return True
    if name in scope.binds or name in scope.nonlocals:
        return False
    scope = scope.parent
    while scope.kind != "module":
        if scope.kind != "class":
            if name in scope.globals:
                return True
            if name in scope.binds or name in scope.nonlocals:
                return False
        scope = scope.parent
    return True


def _public(names):
    # Underscore names (dunders included) are private to the cell.
    return sorted(n for n in names if not n.startswith("_"))


def _analyze(source):
    collector = _Collector()
    collector.visit(ast.parse(source))
    # Pass 2a: ``del x`` makes x local, unless x is declared global there, in
    # which case it touches the module namespace like a read does.
    for scope in collector.scopes[1:]:
        for name in scope.dels:
            if name in scope.globals:
                scope.loads.append(name)
            else:
                scope.binds.add(name)
    # Pass 2b: assignments to names declared global anywhere are module defs.
    global_binds = {
        name for scope in collector.scopes[1:] for name in scope.binds if name in scope.globals
    }
    defined = set()
    for is_bind, name in collector.events:
        if is_bind:
            defined.add(name)
        else:
            defined.discard(name)
    # Pass 2c: resolve loads.  A global read is a ref unless the cell binds
    # the name anywhere at top level (even later: the cell then owns it).
    local = collector.module.binds | global_binds | _BUILTINS
    refs = {
        name
        for scope in collector.scopes
        for name in scope.loads
        if name not in local and _reads_global(scope, name)
    }
    return {"defs": _public(defined | global_binds), "refs": _public(refs), "error": None}


def _error(message, line=0, col=0):
    return {"defs": [], "refs": [], "error": {"message": message, "line": line or 0, "col": col or 0}}


def _analyze_safely(source):
    """Never raise: the daemon must get a result for every cell."""
    try:
        return _analyze(str(source))
    except SyntaxError as e:
        return _error(e.msg or "invalid syntax", e.lineno, e.offset)
    except RecursionError:
        return _error("cell is nested too deeply to analyze")
    except Exception as e:  # e.g. ValueError for null bytes on 3.11, MemoryError
        return _error(str(e) or type(e).__name__)


def analyze_cells(sources):
    """Analyze every cell source in ``sources`` (any iterable, including a
    polyglot sequence).  Returns one dict per cell, in order:
    ``{"defs": [...], "refs": [...], "error": None}`` or, when the cell does
    not parse, empty lists and ``{"message", "line", "col"}`` as the error."""
    return [_analyze_safely(source) for source in sources]
