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
        self.assertEqual([{"type": "text", "text": "42"}], self.sent)
        self.assertEqual(40, self.ns["x"])

    def test_none_shows_nothing(self):
        self.run_cell("None")
        self.run_cell("def f():\n    pass\nf()")
        self.assertEqual([], self.sent)

    def test_display_keeps_the_order_of_calls_and_text_is_flushed_before_each(self):
        self.run_cell("display(1, 'two')\n3")
        self.assertEqual(["1", "'two'", "3"], [o["text"] for o in self.sent])
        self.assertGreaterEqual(self.flushes, 3)

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
        self.assertEqual({"type": "display", "data": {"text/markdown": "**hi**", "text/plain": "M()"}}, self.sent[0])

    def test_a_repr_method_that_raises_falls_back_to_repr(self):
        self.run_cell("class B:\n"
                      "    def _repr_html_(self):\n        raise RuntimeError('no')\n"
                      "    def __repr__(self):\n        return 'B()'\n"
                      "B()")
        self.assertEqual([{"type": "text", "text": "B()"}], self.sent)

    def test_a_list_of_dicts_is_a_table_of_their_keys(self):
        self.run_cell("[{'a': 1}, {'a': 2, 'b': 'x'}]")
        self.assertEqual([{"type": "table", "columns": [{"name": "a", "type": ""}, {"name": "b", "type": ""}],
                           "rows": [[1, None], [2, "x"]], "rowCount": 2}], self.sent)

    def test_a_huge_repr_is_cut_and_says_its_length(self):
        self.run_cell("'z' * 300000")
        text = self.sent[0]["text"]
        self.assertLess(len(text), 101_000)
        self.assertIn("characters in all", text)


if __name__ == "__main__":
    unittest.main()
