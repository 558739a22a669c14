"""Print the OpenAPI document (the web UI generates its TypeScript types from it)."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import orjson

from goldlabel.api.app import create_app
from goldlabel.core.settings import Settings


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app(Settings(data_dir=Path(tmp)))
        sys.stdout.write(orjson.dumps(app.openapi(), option=orjson.OPT_INDENT_2).decode())


if __name__ == "__main__":
    main()
