from pathlib import Path

import pytest

from msds.adapters.aws.opensearch_indexer import OpenSearchIndexer
from msds.adapters.local.tantivy_index import TantivySearchIndex
from msds.ports import SearchIndex
from tests.aws.opensearch_fake import searching_opensearch
from tests.aws.support import aws_credentials, stubbed

__all__ = ["aws_credentials", "stubbed"]


@pytest.fixture(params=["tantivy", "opensearch"])
def index(request: pytest.FixtureRequest, tmp_path: Path) -> SearchIndex:
    """An empty search index of each host: tantivy in a folder, OpenSearch on the stand-in domain."""
    if request.param == "tantivy":
        return TantivySearchIndex(tmp_path / "search")
    return OpenSearchIndexer(searching_opensearch(), "sds-records")
