# ---
# jupyter:
#   jupytext:
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.16.4
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown] slideshow={"slide_type": "slide"}
# # Orders by month
#
# Where the orders come from, and when.

# %% Load the data
import csv

rows = [{"month": m, "orders": 10 * m} for m in range(1, 13)]

# %% Summarise tags=["summary", "keep"]
total = sum(r["orders"] for r in rows)
total

# %% jupyter={"source_hidden": true} tags=["hide-input"]
by_quarter = {}
for r in rows:
    by_quarter.setdefault((r["month"] - 1) // 3 + 1, []).append(r["orders"])


def quarter_total(q):
    return sum(by_quarter[q])


# %%% A sub cell, as Spyder has them
[quarter_total(q) for q in sorted(by_quarter)]

# %% [markdown] cell_style="center" slideshow={"slide_type": "fragment"}
# The last quarter is the busiest.

# %% tags=["parameters"]
threshold = 100

# %% active="ipynb"
# only run in Jupyter
print("notebook only")

# %%
