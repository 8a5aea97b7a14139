# %% [markdown] id="intro"
# # Word statistics with the standard library

# %% id="text"
text = """It was the best of times, it was the worst of times, it was the age of wisdom,
it was the age of foolishness, it was the epoch of belief, it was the epoch of incredulity"""

# %% id="words"
import re
words = re.findall(r"[a-z']+", text.lower())

# %% id="counts"
from collections import Counter
counts = Counter(words)
counts.most_common(3)

# %% id="lengths"
import statistics
lengths = [len(w) for w in words]
round(statistics.mean(lengths), 3), statistics.median(lengths), max(lengths)
