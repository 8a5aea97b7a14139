# cellar: autorun=true

# %% [markdown] id="about"
# # Daily sales report
#
# Run it as a batch job: `cellar run examples/sales_report.py -p min_amount=50 --junit report.xml`

# %% id="params" tags=["parameters"]
min_amount = 0
currency = "EUR"

# %% [sql] id="byregion" out="by_region"
# SELECT region, COUNT(*) AS orders, ROUND(SUM(amount), 2) AS total
# FROM 'sales.csv'
# WHERE amount >= {min_amount}
# GROUP BY region
# ORDER BY total DESC

# %% id="summary"
grand_total = sum(r["total"] for r in by_region)
lines = [f"{r['region']:<6} {r['orders']:>3} orders  {r['total']:>9.2f} {currency}" for r in by_region]
print("\n".join(lines))
f"total {grand_total:.2f} {currency}"

# %% id="check"
assert grand_total > 0, "no sales above the threshold"
len(by_region)
