# ---
# jupyter:
#   jupytext:
#     cell_metadata_filter: -all
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.16.4
# ---

# %% [raw]
# ---
# title: "Quarterly report"
# author: analytics
# format:
#   html:
#     toc: true
# ---

# %% [md]
# A markdown cell written with the short cell type.
#
# - one
# - two

# %% Introduction [markdown]
# A markdown cell with a title.

# %%
values = [3, 1, 2]
sorted(values)

# %% [raw] tags=["notes"]
# This raw cell is passed through as is: {{ not a template }}
#   indented line

# %% [markdown]
# ## Escapes in markdown
# A line that looks like a marker:
# # %% not a cell
# and a magic: %%time

# %%
print("end")
