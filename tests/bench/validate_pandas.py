"""The end-to-end benchmark's ten column rules written with pandas: read_excel, then vectorised checks.

Usage: /usr/bin/python3 validate_pandas.py FILE.xlsx

The same rules as records-10-rules.yaml, over the sheet Data of the shared generator's workbook:
required, unique and pattern on indicator_id; an allowed list on category; integer ranges on
int_01 and int_02; number ranges on dec_01, dec_02, pct_change and row_total; dates in
period_start and period_end. Prints the findings counted by rule, as returncheck's summary does,
so that the two runs can be seen to agree (none, on the generated workbook).
"""
import sys

import numpy as np
import pandas as pd

CATEGORIES = {
    "Admissions", "Attendances", "Waiting list", "Referrals", "Discharges", "Outpatients",
    "Diagnostics", "Cancer 62 day", "Bed days", "Readmissions", "Ambulance handovers",
    "Theatre sessions",
}


def as_numbers(column):
    """A column's values as floats, NaN where a value is blank or no number."""
    return pd.to_numeric(column, errors="coerce")


def is_integer(column):
    x = as_numbers(column)
    return x.notna() & (np.floor(x) == x)


def main():
    df = pd.read_excel(sys.argv[1], sheet_name="Data", engine="openpyxl")
    found = {}

    def count(rule, mask):
        found[rule] = found.get(rule, 0) + int(mask.sum())

    ids = df["indicator_id"]
    count("RC309 required", ids.isna())
    count("RC313 pattern", ids.notna() & ~ids.astype(str).str.fullmatch(r"IND-[0-9]{7}"))
    count("RC314 unique", ids.notna() & ids.duplicated(keep="first"))

    cat = df["category"]
    count("RC312 allowed", cat.notna() & ~cat.astype(str).str.strip().isin(CATEGORIES))

    for name, low, high, required in [("int_01", 1, 100000, False), ("int_02", None, None, True)]:
        col = df[name]
        x = as_numbers(col)
        if required:
            count("RC309 required", col.isna())
        count("RC310 type", col.notna() & ~is_integer(col))
        if low is not None:
            count("RC311 range", (x < low) | (x > high))

    for name, low, high in [("dec_01", 0, 9999.99), ("dec_02", None, None), ("pct_change", None, None),
                            ("row_total", 0, None)]:
        col = df[name]
        x = as_numbers(col)
        count("RC310 type", col.notna() & x.isna())
        if low is not None:
            count("RC311 range", x < low)
        if high is not None:
            count("RC311 range", x > high)

    for name, required in [("period_start", True), ("period_end", False)]:
        col = df[name]
        dates = pd.to_datetime(col, errors="coerce")
        if required:
            count("RC309 required", col.isna())
        count("RC310 type", col.notna() & dates.isna())

    total = sum(found.values())
    rules = ", ".join(f"{k}: {v}" for k, v in sorted(found.items()) if v)
    print(f"pandas: {len(df)} records, {total} findings" + (f" ({rules})" if rules else ""))


if __name__ == "__main__":
    main()
