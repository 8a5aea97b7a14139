"""cells.py and outputs.py, the Python both kernels share: how a cell runs and what it
shows. The kernels add only their transport, so these run here with a list as the channel."""
import unittest

from cellar_modules import load

load("cellar_sql")
outputs = load("cellar_outputs")
load("cellar_errors")
cells = load("cellar_cells")


class RunCellTest(unittest.TestCase):
    def setUp(self):
        self.sent = []
        self.flushes = 0
        outputs.setup(self.sent.append, self._flush, 50)
        self.ns = {"__name__": "__main__"}

    def _flush(self):
        self.flushes += 1

    def run_cell(self, code):
        return cells.run_cell(code, "<cell c1>", self.ns)

    def test_the_last_expression_is_shown_and_statements_are_not(self):
        self.assertEqual({"status": "ok"}, self.run_cell("x = 40\nx + 2"))
        self.assertEqual([{"type": "text", "text": "42", "kind": "result"}], self.sent)
        self.assertEqual(40, self.ns["x"])

    def test_none_shows_nothing(self):
        self.run_cell("None")
        self.run_cell("def f():\n    pass\nf()")
        self.assertEqual([], self.sent)

    def test_display_keeps_the_order_of_calls_and_text_is_flushed_before_each(self):
        self.run_cell("display(1, 'two')\n3")
        self.assertEqual(["1", "'two'", "3"], [o["text"] for o in self.sent])
        # Jupyter's kinds: what display() shows is display_data, only the cell's value its result
        self.assertEqual(["display", "display", "result"], [o["kind"] for o in self.sent])
        self.assertGreaterEqual(self.flushes, 3)

    def test_ipython_displays_display_as_the_builtin_does(self):
        try:
            import importlib.util
            if importlib.util.find_spec("IPython") is None:
                raise ImportError
        except ImportError:
            self.skipTest("IPython is not installed for this Python")
        import sys
        for name in [n for n in sys.modules if n == "IPython" or n.startswith("IPython.")]:
            del sys.modules[name]  # imported by an earlier test: the cell imports it afresh, as in a worker
        self.run_cell("from IPython.display import display as show_now, HTML\n"
                      "show_now(HTML('<b>x</b>'), metadata={'isolated': False})\n"
                      "show_now({'text/markdown': '*m*'}, raw=True)")
        html, raw = self.sent
        self.assertEqual(("display", "<b>x</b>", "display"), (html["type"], html["data"]["text/html"], html["kind"]))
        self.assertEqual("*m*", raw["data"]["text/markdown"])

    def test_a_failure_is_a_result_naming_the_cells_line(self):
        result = self.run_cell("a = 1\nb = a / 0\n")
        self.assertEqual("error", result["status"])
        self.assertEqual("ZeroDivisionError", result["ename"])
        self.assertEqual(2, result["line"])
        self.assertTrue(any("b = a / 0" in line for line in result["traceback"]), result["traceback"])

    def test_a_syntax_error_is_a_result_too(self):
        result = self.run_cell("x = (1,\n")
        self.assertEqual("error", result["status"])
        self.assertEqual("SyntaxError", result["ename"])

    def test_keyboard_interrupt_is_interrupted_not_an_error(self):
        self.assertEqual({"status": "interrupted"}, self.run_cell("raise KeyboardInterrupt"))

    def test_repr_methods_make_a_mime_bundle_with_plain_text(self):
        self.run_cell("class M:\n"
                      "    def _repr_markdown_(self):\n        return '**hi**'\n"
                      "    def __repr__(self):\n        return 'M()'\n"
                      "M()")
        self.assertEqual({"type": "display", "data": {"text/markdown": "**hi**", "text/plain": "M()"},
                          "kind": "result"}, self.sent[0])

    def test_a_repr_method_that_raises_falls_back_to_repr(self):
        self.run_cell("class B:\n"
                      "    def _repr_html_(self):\n        raise RuntimeError('no')\n"
                      "    def __repr__(self):\n        return 'B()'\n"
                      "B()")
        self.assertEqual([{"type": "text", "text": "B()", "kind": "result"}], self.sent)

    def test_a_list_of_dicts_is_a_table_of_their_keys(self):
        self.run_cell("[{'a': 1}, {'a': 2, 'b': 'x'}]")
        handle = self.sent[0].get("handle")
        self.assertEqual([{"type": "table", "columns": [{"name": "a", "type": ""}, {"name": "b", "type": ""}],
                           "rows": [[1, None], [2, "x"]], "rowCount": 2, "handle": handle, "kind": "result"}],
                         self.sent)

    def test_a_shown_table_is_kept_by_its_handle_until_the_cell_runs_again(self):
        self.run_cell("[{'k': i, 'v': None if i % 3 == 0 else 'v%d' % i} for i in range(100)]")
        handle = self.sent[0]["handle"]
        page = outputs.table_rows(handle, 90, 5)
        self.assertEqual((100, 100, 90), (page["totalRows"], page["matchingRows"], page["offset"]))
        self.assertEqual([[90, None], [91, "v91"], [92, "v92"], [93, None], [94, "v94"]], page["rows"])
        self.assertEqual([[98, "v98"], [97, "v97"]], outputs.table_rows(handle, 0, 2, "v", True)["rows"])
        self.assertEqual([99, None], outputs.table_rows(handle, 99, 1, "v", True)["rows"][0])  # missing last
        # v91 v92 v94 v95 v97 v98 (every third value is missing)
        self.assertEqual(6, outputs.table_rows(handle, 0, 50, None, False, "V9")["matchingRows"])
        self.assertIn("error", outputs.table_rows(handle, 0, 1, "nope"))
        self.run_cell("1")
        self.assertEqual({"gone": True}, outputs.table_rows(handle, 0, 1))

    def test_a_huge_repr_is_cut_and_says_its_length(self):
        self.run_cell("'z' * 300000")
        text = self.sent[0]["text"]
        self.assertLess(len(text), 101_000)
        self.assertIn("characters in all", text)

    def test_a_trailing_semicolon_hides_the_value(self):
        self.run_cell("x = 41\nx + 1;")
        self.run_cell("x + 1;  # hidden, as in IPython\n\n")
        self.assertEqual([], self.sent)

    def test_a_semicolon_in_a_comment_or_string_or_between_statements_does_not_hide(self):
        self.run_cell("1 + 1  # not hidden;")
        self.run_cell("'a;'")
        self.run_cell("y = 3; y")
        self.assertEqual(["2", "'a;'", "3"], [o["text"] for o in self.sent])

    def test_underscores_hold_the_last_values_shown_and_out_all_of_them(self):
        self.run_cell("1")
        self.run_cell("2")
        self.run_cell("30;")  # hidden: not remembered, as in IPython
        self.run_cell("x = 5")
        self.run_cell("3")
        self.run_cell("(_, __, ___)")
        self.assertEqual("(3, 2, 1)", self.sent[-1]["text"])
        out = self.ns["Out"]
        self.assertEqual([1, 2, 3, (3, 2, 1)], list(out.values()))
        with self.assertRaises(KeyError) as missing:
            out[10_000]
        self.assertIn("no value was shown by run 10000", str(missing.exception))

    def test_a_notebooks_own_out_is_left_alone(self):
        self.run_cell("Out = 'mine'")
        self.run_cell("7")
        self.assertEqual("mine", self.ns["Out"])
        self.assertEqual(7, self.ns["_"])


class ValuesAsTheirLibrariesShowThemTest(unittest.TestCase):
    """pandas, numpy and matplotlib, when /usr/bin/python3 has them (the daemon's tests need them anyway)."""

    def setUp(self):
        self.sent = []
        outputs.setup(self.sent.append, lambda: None, 50)
        self.ns = {"__name__": "__main__"}

    def run_cell(self, code):
        result = cells.run_cell(code, "<cell c1>", self.ns)
        self.assertEqual({"status": "ok"}, result)
        return self.sent[-1] if self.sent else None

    def test_a_dataframe_carries_pandas_text_and_html_with_the_table(self):
        try:
            import pandas  # noqa: F401
        except ImportError:
            self.skipTest("pandas is not installed for this Python")
        out = self.run_cell("import pandas as pd\n"
                            "df = pd.DataFrame({'t': pd.to_datetime(['2012-01-01']), 'v': [float('nan')]})\ndf")
        self.assertEqual("table", out["type"])
        self.assertEqual(["t", "v"], [c["name"] for c in out["columns"]])
        self.assertEqual(repr(self.ns["df"]), out["data"]["text/plain"])
        self.assertIn("2012-01-01", out["data"]["text/plain"])
        self.assertNotIn("T00:00:00", out["data"]["text/plain"])
        self.assertEqual(self.ns["df"]._repr_html_(), out["data"]["text/html"])

    def test_a_displayed_dataframe_or_series_is_the_same_output_as_the_cells_value(self):
        try:
            import pandas  # noqa: F401
        except ImportError:
            self.skipTest("pandas is not installed for this Python")
        self.run_cell("import pandas as pd\nframe = pd.DataFrame({'k': [1, 2]}, index=['a', 'b'])\n"
                      "display(frame, frame['k'])\nframe")
        displayed, series, value = self.sent[-3:]
        # each kept table has a handle of its own (the viewer pages it); apart from that, the same
        self.assertNotEqual(value.pop("handle"), displayed.pop("handle"))
        self.assertEqual(("result", "display", "display"), (value.pop("kind"), displayed.pop("kind"), series["kind"]))
        self.assertEqual(value, displayed)
        self.assertEqual(self.ns["frame"]._repr_html_(), displayed["data"]["text/html"])
        self.assertEqual(repr(self.ns["frame"]["k"]), series["data"]["text/plain"])

    def test_a_series_keeps_its_name_length_and_dtype(self):
        try:
            import pandas  # noqa: F401
        except ImportError:
            self.skipTest("pandas is not installed for this Python")
        out = self.run_cell("import pandas as pd\npd.Series([1.5, None], name='price')")
        self.assertIn("Name: price, dtype: float64", out["data"]["text/plain"])
        self.assertIn("NaN", out["data"]["text/plain"])

    def test_a_numpy_array_is_its_own_repr(self):
        try:
            import numpy  # noqa: F401
        except ImportError:
            self.skipTest("numpy is not installed for this Python")
        out = self.run_cell("import numpy as np\nnp.arange(3)")
        self.assertEqual({"type": "text", "text": "array([0, 1, 2])", "kind": "result"}, out)

    def test_a_figure_is_saved_at_its_own_dpi_as_the_inline_backend_does(self):
        try:
            import matplotlib
        except ImportError:
            self.skipTest("matplotlib is not installed for this Python")
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
        try:
            with plt.style.context("classic"):  # figure.dpi 80, savefig.dpi 100
                self.run_cell("import matplotlib.pyplot as plt\nfig = plt.figure(figsize=(4, 3))\n"
                              "fig.add_subplot().plot([1, 2])\nfig")
            png = __import__("base64").b64decode(self.sent[-1]["data"]["image/png"])
            width = int.from_bytes(png[16:20], "big")
            self.assertLessEqual(width, 4 * 80 + 10)  # at savefig.dpi it would be about 400
        finally:
            plt.close("all")

    def test_a_figure_left_open_is_displayed_after_the_cells_value(self):
        try:
            import matplotlib
        except ImportError:
            self.skipTest("matplotlib is not installed for this Python")
        matplotlib.use("Agg")
        try:
            self.run_cell("import matplotlib.pyplot as plt\nplt.plot([1, 2])\n'drawn'")
            value, figure = self.sent[-2:]
            self.assertEqual({"type": "text", "text": "'drawn'", "kind": "result"}, value)
            self.assertEqual(("display", "display"), (figure["type"], figure["kind"]))
        finally:
            __import__("matplotlib.pyplot").pyplot.close("all")


if __name__ == "__main__":
    unittest.main()
