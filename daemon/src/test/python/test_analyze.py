"""analyze.py's verb, analyze_cells: which global names a cell defines and reads. The
scheduler's graph is only as right as these answers, so each rule is a row of the table."""
import unittest

from cellar_modules import load

analyze = load("cellar_analyze")

# (cell source, defs, refs)
CASES = [
    ("x = 1", ["x"], []),
    ("y = x + 1", ["y"], ["x"]),
    ("x = x + 1", ["x"], []),  # the cell owns x: reading it first is not a reference to another cell
    ("a, (b, c) = 1, (2, 3)", ["a", "b", "c"], []),
    ("import numpy as np", ["np"], []),
    ("from os import path, sep", ["path", "sep"], []),
    ("import os.path", ["os"], []),
    ("def f(a):\n    return a + g", ["f"], ["g"]),
    ("class C:\n    k = 1\n    def m(self):\n        return k", ["C"], ["k"]),
    ("for i in range(n):\n    pass", ["i"], ["n"]),
    ("with open(p) as fh:\n    pass", ["fh"], ["p"]),
    ("[v for v in items]", [], ["items"]),  # comprehension variables are its own
    ("total = sum(v for v in items)", ["total"], ["items"]),
    ("lambda q: q + z", [], ["z"]),
    ("def f():\n    global counter\n    counter = 1", ["counter", "f"], []),
    ("def f():\n    global counter\n    return counter", ["f"], ["counter"]),
    ("_tmp = 1\nout = _tmp", ["out"], []),  # underscore names are private to the cell
    ("print(_hidden)", [], []),
    ("df['c'] = 1", [], ["df"]),  # mutation reads df, defines nothing
    ("lst.append(3)", [], ["lst"]),
    ("x += 1", ["x"], []),
    ("del x", [], ["x"]),
    ("try:\n    pass\nexcept ValueError as err:\n    pass", [], []),
    ("if (m := 3) > 2:\n    pass", ["m"], []),
    ("display(len(data))", [], ["data"]),  # display() and builtins are no one's cell
    ("match cmd:\n    case [first, *rest]:\n        pass", ["first", "rest"], ["cmd"]),
    ("async def go():\n    await later()", ["go"], ["later"]),
    ("def f(d=default):\n    pass", ["f"], ["default"]),
    ("@decorate\ndef f():\n    pass", ["f"], ["decorate"]),
]


class AnalyzeCellsTest(unittest.TestCase):
    def test_each_rule_of_the_table(self):
        results = analyze.analyze_cells([source for source, _, _ in CASES])
        for (source, defs, refs), result in zip(CASES, results):
            with self.subTest(source=source):
                self.assertIsNone(result["error"])
                self.assertEqual(defs, result["defs"], "defs")
                self.assertEqual(refs, result["refs"], "refs")

    def test_a_cell_that_does_not_parse_says_where(self):
        (result,) = analyze.analyze_cells(["x = (1,\ny = 2"])
        self.assertEqual([], result["defs"])
        self.assertTrue(result["error"]["message"])
        self.assertGreaterEqual(result["error"]["line"], 1)

    def test_nothing_a_cell_holds_makes_it_raise(self):
        deep = "x = " + "(" * 5000 + "1" + ")" * 5000
        for source in ["\x00", deep, "", "# only a comment", "\ufeffx = 1"]:
            with self.subTest(source=source[:20]):
                (result,) = analyze.analyze_cells([source])
                self.assertIn("defs", result)


if __name__ == "__main__":
    unittest.main()
