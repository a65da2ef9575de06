"""CreateTable arguments of the product's keyed DynamoDB tables: ``pk``/``sk`` string keys, on-demand
billing and one global secondary index (all attributes projected) over two string attributes."""

from __future__ import annotations

from typing import Any


def keyed_table_definition(table_name: str, index_name: str, partition: str, sort: str) -> dict[str, Any]:
    """The table with its index on (``partition``, ``sort``); the CDK construct must match it."""
    return {
        "TableName": table_name,
        "BillingMode": "PAY_PER_REQUEST",
        "AttributeDefinitions": [
            {"AttributeName": name, "AttributeType": "S"} for name in ("pk", "sk", partition, sort)
        ],
        "KeySchema": [
            {"AttributeName": "pk", "KeyType": "HASH"},
            {"AttributeName": "sk", "KeyType": "RANGE"},
        ],
        "GlobalSecondaryIndexes": [
            {
                "IndexName": index_name,
                "KeySchema": [
                    {"AttributeName": partition, "KeyType": "HASH"},
                    {"AttributeName": sort, "KeyType": "RANGE"},
                ],
                "Projection": {"ProjectionType": "ALL"},
            }
        ],
    }
