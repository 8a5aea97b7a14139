"""Loads Cellar's Python files the way the daemon gives them to a worker: as modules named
cellar_<file> (worker.py's bootstrap and the GraalPy kernel do the same), so a test imports
exactly the file that ships, without installing anything."""
import importlib.util
import os
import sys

_RESOURCES = os.path.join(os.path.dirname(__file__), "..", "..", "main", "resources", "dev", "cellar", "daemon")
_FILES = {
    "cellar_analyze": "analysis/analyze.py",
    "cellar_sql": "kernel/sql_bridge.py",
    "cellar_outputs": "kernel/outputs.py",
    "cellar_errors": "kernel/cell_errors.py",
    "cellar_cells": "kernel/cells.py",
    "cellar_rewrite": "analysis/rewrite.py",
    "cellar_keeper": "kernel/worker/keeper.py",
    "cellar_sandbox": "kernel/worker/sandbox.py",
    "cellar_net_supervisor": "kernel/worker/net_supervisor.py",
    "cellar_worker": "kernel/worker/worker.py",
}


def load(name):
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, os.path.join(_RESOURCES, _FILES[name]))
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module
