# How a failed cell is reported, shared by both kernels so an error reads the same on
# GraalPy and on the user's CPython: the traceback without the kernel's own frame, and
# the line in the cell where it happened.
import traceback as _tb


def traceback_lines(e):
    tb = e.__traceback__
    if tb is not None:
        tb = tb.tb_next  # drop the kernel's own frame: the user should only see their cell
    return _tb.format_exception(type(e), e, tb)


def error_line(e, filename):
    if isinstance(e, SyntaxError) and e.filename == filename:
        return e.lineno or 0
    line = 0
    tb = e.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == filename:
            line = tb.tb_lineno
        tb = tb.tb_next
    return line
