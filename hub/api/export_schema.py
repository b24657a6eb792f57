"""Write the schema's SDL to `hub/schema.graphql` (`python -m hub.api.export_schema`; `--check` only compares)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from hub.api.schema import build_schema

SCHEMA_FILE = Path(__file__).resolve().parents[1] / "schema.graphql"
REGENERATE = "python -m hub.api.export_schema"


def schema_sdl() -> str:
    return build_schema().as_str() + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog=REGENERATE, description=__doc__)
    parser.add_argument("--check", action="store_true", help="exit 1 when the committed file is out of date")
    args = parser.parse_args(argv)
    sdl = schema_sdl()
    if args.check:
        current = SCHEMA_FILE.read_text() if SCHEMA_FILE.exists() else ""
        if current != sdl:
            print(f"{SCHEMA_FILE} is out of date; run `{REGENERATE}`", file=sys.stderr)
            return 1
        return 0
    SCHEMA_FILE.write_text(sdl)
    print(f"wrote {SCHEMA_FILE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
