"""Finished products and their sheet overrides in SQLite (the local host's product repository)."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

from models.products import LinkOverride, Product
from msds.adapters.local.sqlite_wal import open_shared

_SCHEMA = """
CREATE TABLE IF NOT EXISTS products (
    product_id TEXT PRIMARY KEY,
    body TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS link_overrides (
    product_id TEXT NOT NULL,
    line_no INTEGER NOT NULL,
    body TEXT NOT NULL,
    PRIMARY KEY (product_id, line_no)
);
"""


class SqliteProductRepository:
    """Implements msds.ports.ProductRepository. Safe for several processes (WAL, busy timeout)."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._path = path
        self._local = threading.local()
        self._connect().executescript(_SCHEMA)

    def _connect(self) -> sqlite3.Connection:
        connection: sqlite3.Connection | None = getattr(self._local, "connection", None)
        if connection is None:
            connection = open_shared(self._path, synchronous_normal=False)
            self._local.connection = connection
        return connection

    def put(self, product: Product) -> str:
        connection = self._connect()
        connection.execute("BEGIN IMMEDIATE")
        try:
            row = connection.execute(
                "SELECT body FROM products WHERE product_id = ?", (product.product_id,)
            ).fetchone()
            if row is not None:
                stored = Product.model_validate_json(row[0])
                if stored.model_copy(update={"updated_at": None}) == product.model_copy(
                    update={"updated_at": None}
                ):
                    connection.execute("COMMIT")
                    return "unchanged"
            connection.execute(
                "INSERT INTO products(product_id, body) VALUES (?, ?) "
                "ON CONFLICT(product_id) DO UPDATE SET body = excluded.body",
                (product.product_id, product.model_dump_json()),
            )
            connection.execute("COMMIT")
        except BaseException:
            connection.execute("ROLLBACK")
            raise
        return "created" if row is None else "updated"

    def get(self, product_id: str) -> Product | None:
        row = (
            self._connect()
            .execute("SELECT body FROM products WHERE product_id = ?", (product_id,))
            .fetchone()
        )
        return Product.model_validate_json(row[0]) if row else None

    def all(self) -> list[Product]:
        rows = self._connect().execute("SELECT body FROM products ORDER BY product_id").fetchall()
        return [Product.model_validate_json(row[0]) for row in rows]

    def delete(self, product_id: str) -> bool:
        connection = self._connect()
        connection.execute("DELETE FROM link_overrides WHERE product_id = ?", (product_id,))
        return connection.execute("DELETE FROM products WHERE product_id = ?", (product_id,)).rowcount == 1

    def set_override(self, override: LinkOverride) -> None:
        self._connect().execute(
            "INSERT INTO link_overrides(product_id, line_no, body) VALUES (?, ?, ?) "
            "ON CONFLICT(product_id, line_no) DO UPDATE SET body = excluded.body",
            (override.product_id, override.line_no, override.model_dump_json()),
        )

    def clear_override(self, product_id: str, line_no: int) -> bool:
        cursor = self._connect().execute(
            "DELETE FROM link_overrides WHERE product_id = ? AND line_no = ?", (product_id, line_no)
        )
        return cursor.rowcount == 1

    def overrides(self, product_id: str | None = None) -> list[LinkOverride]:
        if product_id is None:
            rows = self._connect().execute("SELECT body FROM link_overrides ORDER BY product_id, line_no")
        else:
            rows = self._connect().execute(
                "SELECT body FROM link_overrides WHERE product_id = ? ORDER BY line_no", (product_id,)
            )
        return [LinkOverride.model_validate_json(row[0]) for row in rows.fetchall()]
