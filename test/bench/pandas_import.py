"""One measured step of `npm run bench:import`: the pandas route, read_excel (openpyxl) + DataFrame.to_sql into SQLite.

Run with Debian's /usr/bin/python3 (python3-pandas, python3-openpyxl). Prints one JSON line.
"""
import json
import resource
import sqlite3
import sys
import time

import pandas as pd

src, db_file = sys.argv[1], sys.argv[2]
t0 = time.perf_counter()
# row 1 is the merged title, row 2 the header
df = pd.read_excel(src, engine="openpyxl", header=1)
t_read = time.perf_counter()
con = sqlite3.connect(db_file)
df.to_sql("vehicle_rows", con, index=False, if_exists="replace", chunksize=10_000)
con.commit()
n = con.execute("SELECT COUNT(*) FROM vehicle_rows").fetchone()[0]
con.close()
t1 = time.perf_counter()
print(json.dumps({
    "step": "pandas",
    "ms": (t1 - t0) * 1000,
    "readMs": (t_read - t0) * 1000,
    "maxRssKb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
    "rows": int(n),
    "pandas": pd.__version__,
}))
