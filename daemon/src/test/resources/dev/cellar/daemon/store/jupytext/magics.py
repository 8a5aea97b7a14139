# ---
# jupyter:
#   jupytext:
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.16.4
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %%
# %matplotlib inline
# %load_ext autoreload
# %autoreload 2
import random

# %%
# %%time
samples = [random.random() for _ in range(100_000)]

# %%
# !ls -l
# %pip install --quiet tabulate
mean = sum(samples) / len(samples)

# %%
# # %%capture
# a comment that was a commented magic in Jupyter
mean


# %%
def scaled(x, factor=2):
    return x * factor


# %%
# %%writefile helper.py
def helper():
    return 42
