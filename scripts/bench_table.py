#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Print every benchmark JSON file in a folder as one table (standard library only)."""
import json
import pathlib
import sys


def main() -> int:
    folder = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "build/bench")
    files = sorted(folder.glob("*.json"))
    if not files:
        print(f"bench_table: no results in {folder}", file=sys.stderr)
        return 1
    rows = []
    for f in files:
        try:
            doc = json.loads(f.read_text())
            for key, value in doc["metrics"].items():
                rows.append((doc["name"], key, value))
        except (json.JSONDecodeError, KeyError) as err:
            print(f"bench_table: {f}: malformed ({err})", file=sys.stderr)
            return 1
    width = max(len(r[0]) + len(r[1]) for r in rows) + 3
    print(f"{'benchmark / metric':<{width}} value")
    for name, key, value in rows:
        print(f"{name + ' / ' + key:<{width}} {value:.6g}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
