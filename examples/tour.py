# cellar: autorun=true

# %% [markdown] id="intro"
# # A tour of Cellar
#
# Each cell declares names and reads others; Cellar tracks which cell reads what.
# Edit `rate` and every cell that depends on it re-runs on its own.

# %% id="rate01"
rate = 0.07
years = 10

# %% id="princ1"
principal = 1_000

# %% id="growth"
def grow(amount, rate, years):
    return amount * (1 + rate) ** years

final = grow(principal, rate, years)

# %% id="report"
print(f"{principal} at {rate:.0%} for {years} years")
round(final, 2)

# %% id="table1"
[(y, round(grow(principal, rate, y), 2)) for y in range(0, years + 1, 2)]
