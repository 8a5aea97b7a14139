# ---
# jupyter:
#   jupytext:
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.16.4
# ---
# cellar: autorun=false cell-timeout=30

# %% Inputs
a = 2

# %%
b = a * 21
