# ---
# jupyter:
#   jupytext:
#     cell_metadata_json: true
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.16.4
# ---

# %% {"tags": ["setup"]}
x = 1

# %% [markdown] {"slideshow": {"slide_type": "slide"}}
# A slide

# %%
y = x + 1
