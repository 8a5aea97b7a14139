# ---
# jupyter:
#   jupytext:
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.16.4
# ---

# %% [markdown]
"""
# A report in triple quotes

Markdown cells can be Python strings, so that the file is a valid module
with a docstring-like text at each step.
"""

# %%
import math

radius = 2.0

# %% [markdown]
'''
Single quotes work too, and *emphasis* stays.
'''

# %%
area = math.pi * radius**2

# %% [markdown]
r"""
A raw string keeps backslashes: $\alpha + \beta$.
"""

# %% [markdown]
"""One line in quotes."""

# %%
area
