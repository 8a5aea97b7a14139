"""rewrite.py's verb, rewrite_cells: a Jupyter notebook's cells rewritten so each global name
is defined in one cell. Each rule is a row: the cells before, the cells after (None: as before)."""
import unittest

from cellar_modules import load

load("cellar_analyze")
rewrite = load("cellar_rewrite")

# (what the row shows, cells before, cells after)
CASES = [
    ("fig, ax in every plotting cell become private to each",
     ["import matplotlib.pyplot as plt", "fig, ax = plt.subplots()\nax.plot([1])",
      "fig, ax = plt.subplots()  # again\nax.plot([2])"],
     [None, "_fig, _ax = plt.subplots()\n_ax.plot([1])", "_fig, _ax = plt.subplots()  # again\n_ax.plot([2])"]),
    ("a reused x: the one read later stays x, the other is private",
     ["x = 1\nprint(x)", "x = 5", "print(x * 2)"],
     ["_x = 1\nprint(_x)", None, None]),
    ("a redefinition read later gets its own name, and so do its readers",
     ["x = 1", "print(x)", "x = 2", "print(x)"],
     [None, None, "x_1 = 2", "print(x_1)"]),
    ("a += 2 going on from an earlier cell reads it and defines the next version",
     ["a = 1", "a += 2", "print(a)"],
     [None, "a_1 = a + 2", "print(a_1)"]),
    ("an augmented value keeps its precedence",
     ["n = 1", "n *= 2 + 3", "print(n)"],
     [None, "n_1 = n * (2 + 3)", "print(n_1)"]),
    ("x = x + 1 in a later cell",
     ["data = [1]", "data = data + [2]", "print(data)"],
     [None, "data_1 = data + [2]", "print(data_1)"]),
    ("a loop adding to an earlier total starts from a copy of it",
     ["total = 0", "for v in range(3):\n    total += v", "print(total)"],
     [None, "total_1 = total  # cellar: goes on from cell 0\nfor v in range(3):\n    total_1 += v", "print(total_1)"]),
    ("two loops with the same variable",
     ["for i in range(3):\n    print(i)", "for i in range(4):\n    print(i)"],
     ["for _i in range(3):\n    print(_i)", "for _i in range(4):\n    print(_i)"]),
    ("a repeated import is removed, comments of other lines kept",
     ["import numpy as np", "# plot\nimport numpy as np\ny = np.ones(2)  # ones"],
     [None, "# plot\ny = np.ones(2)  # ones"]),
    ("a repeated name in a from-import is dropped from the list",
     ["from os import path, sep", "from os import sep, getcwd  # both"],
     [None, "from os import getcwd  # both"]),
    ("import a.b after import a keeps loading the submodule",
     ["import os", "import os.path\nos.getcwd()"],
     [None, "import os.path as _os_path\nos.getcwd()"]),
    ("import a.b repeated is removed: the cell that binds a loaded a.b already",
     ["import matplotlib.pyplot", "import matplotlib.pyplot\nmatplotlib.pyplot.figure"],
     [None, "matplotlib.pyplot.figure"]),
    ("import a.b as c repeated is removed",
     ["import os.path as osp", "import os.path as osp  # again\nosp.sep"],
     [None, "osp.sep"]),
    ("a later cell loading a.b again keeps loading it when another cell loaded it first",
     ["import os", "import os.path", "import os.path\nos.path.sep"],
     [None, "import os.path as _os_path", "import os.path as __os_path\nos.path.sep"]),
    ("import a.b defines a: made private, it binds the package and still loads a.b",
     ["import os.path\nprint(os.path.sep)", "os = 1", "print(os)"],
     ["import os as _os, os.path as _os_path\nprint(_os.path.sep)", None, None]),
    ("import a.b read by another cell keeps its name; the later definition is renamed",
     ["import os.path", "print(os.path.sep)", "os = 5", "print(os)"],
     [None, None, "os_1 = 5", "print(os_1)"]),
    ("a later import a.b of a redefined package gets a name of its own, other aliases kept",
     ["import os", "print(os.sep)", "os = 1", "print(os)", "import sys, os.path  # c", "print(os.path.sep)"],
     [None, None, "os_1 = 1", "print(os_1)", "import sys, os as os_2, os.path as _os_path  # c",
      "print(os_2.path.sep)"]),
    ("from a import b repeated and reassigned is renamed, not removed",
     ["from os import path", "print(path)", "from os import path", "path = 3", "print(path)"],
     [None, None, "from os import path as _path", "path_1 = 3", "print(path_1)"]),
    ("an import of another thing under the same name is renamed, not removed",
     ["from json import dumps", "print(dumps(1))", "from pickle import dumps", "print(dumps(1))"],
     [None, None, "from pickle import dumps as dumps_1", "print(dumps_1(1))"]),
    ("a function defined again",
     ["def g():\n    return 1", "print(g())", "def g():\n    return 2", "print(g())"],
     [None, None, "def g_1():\n    return 2", "print(g_1())"]),
    ("del of a name defined again later",
     ["x = 1", "del x", "x = 3", "print(x)"],
     [None, None, "x_1 = 3", "print(x_1)"]),
    ("global in a function follows its cell's name",
     ["def f():\n    global counter\n    counter = 1", "counter = 5\nprint(counter)"],
     ["def f():\n    global _counter\n    _counter = 1", "_counter = 5\nprint(_counter)"]),
    ("a name defined only when a branch runs, read after it in the cell",
     ["if True:\n    x = 1\nprint(x)", "x = 2", "print(x)"],
     ["if True:\n    _x = 1\nprint(_x)", None, None]),
    ("non-ASCII text before a name keeps its place",
     ["é = 1; y = 'ü'; y = y + 'x'", "y = 2  # c\nprint(y)", "print(y)"],
     ["é = 1; _y = 'ü'; _y = _y + 'x'", None, None]),
    ("a cell that does not parse takes no part",
     ["x = (1,", "x = 2", "print(x)"],
     [None, None, None]),
    ("a name read in eval is left alone",
     ["x = 1", "x = 2\ny = eval('x + 1')", "print(x)"],
     [None, None, None]),
    ("a new name never takes one the notebook uses",
     ["y = 1", "print(y)", "y_1 = 0\ny = 2", "print(y, y_1)"],
     [None, None, "y_1 = 0\ny_2 = 2", "print(y_2, y_1)"]),
    ("a name defined once is never touched",
     ["import pandas as pd\ndf = pd.DataFrame()", "df['a'] = 1", "print(df)"],
     [None, None, None]),
]


class RewriteCellsTest(unittest.TestCase):
    def test_each_rule_of_the_table(self):
        for what, before, after in CASES:
            with self.subTest(what):
                result = rewrite.rewrite_cells(before)
                expected = [b if a is None else a for b, a in zip(before, after)]
                self.assertEqual(expected, result["sources"])

    def test_every_rewritten_notebook_defines_each_name_once(self):
        analyze = load("cellar_analyze")
        for what, before, _ in CASES:
            if "eval" in what or "does not parse" in what:
                continue
            with self.subTest(what):
                seen = {}
                for i, result in enumerate(analyze.analyze_cells(rewrite.rewrite_cells(before)["sources"])):
                    for name in result["defs"]:
                        self.assertNotIn(name, seen, "defined in cells %s and %d" % (seen.get(name), i))
                        seen[name] = i

    def test_the_report_says_what_changed_with_the_cells_people_see(self):
        result = rewrite.rewrite_cells(
            ["import numpy as np", "fig = 1", "print(fig)", "fig = 2", "print(fig)", "print(fig)",
             "import numpy as np"], labels=[1, 2, 3, 4, 5, 6, 7])
        self.assertEqual(["removed duplicate import numpy as np in cell 7", "fig \u2192 fig_1 in cells 4\u20136"],
                         result["changes"])
        self.assertEqual([], result["problems"])

    def test_names_hidden_from_the_analysis_are_reported(self):
        result = rewrite.rewrite_cells(["x = 1", "x = 2\ny = eval('x + 1')", "print(x)", "print(globals()[k])"])
        problems = "\n".join(result["problems"])
        self.assertEqual(2, len(result["problems"]))
        self.assertIn("x is used through a string or globals() in cell 1 and defined in cells 0, 1", problems)
        self.assertIn("cell 3 uses globals()", problems)

    def test_nothing_to_do_changes_nothing(self):
        cells = ["import numpy as np\n\n\nx = np.ones(3)   # spaced", "y = x * 2\n"]
        result = rewrite.rewrite_cells(cells)
        self.assertEqual(cells, result["sources"])
        self.assertEqual([], result["changes"])


if __name__ == "__main__":
    unittest.main()
