"""Search and analytics: the OpenSearch bulk body with ``_id`` = document id (SigV4-signed), and the Redshift
Data API statements of an idempotent staged load (staging table + MERGE)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import pytest
import requests
from botocore.credentials import Credentials
from botocore.stub import ANY
from moto import mock_aws

from models.common import Box
from models.document import DocumentStatus
from models.publication import Publication
from models.record import (
    Component,
    Evidence,
    Extracted,
    Pictogram,
    PictogramSource,
    SdsRecord,
    Statement,
    Translated,
    TranslationMethod,
)
from models.search import FACET_NAMES, FACET_SIZE, SearchQuery
from msds.adapters.aws.opensearch_indexer import (
    OpenSearchIndexer,
    bulk_body,
    index_mapping,
    opensearch_client,
    search_body,
    search_document,
)
from msds.adapters.aws.redshift_loader import RedshiftLoader, analytics_rows, ddl
from msds.adapters.aws.s3_store import S3Objects
from msds.errors import PublishFailed, ServiceAccessDenied, ServiceRequestRejected, ServiceThrottled
from msds.services.search_document import ORIGINAL_TEXT_LANGUAGES
from tests.aws.support import RECORDED, bulk_lines, client, make_bucket, recording_opensearch

STAGING = "msds-analytics-staging-test"


def sample_record(seed: str = "a", product: str = "Aceton rein") -> SdsRecord:
    return SdsRecord(
        document_id=f"{seed}" * 64,
        file_name="aceton.pdf",
        language="de",
        pages=3,
        product_name=Extracted[str](
            value=product, confidence=0.93, evidence=[Evidence(page=1, box=Box(x0=1, y0=2, x1=3, y1=4))]
        ),
        supplier_name=Extracted[str](value="ACME Chemie GmbH", confidence=0.9),
        revision_date=Extracted[str](value="2023-05-01", confidence=0.9),
        signal_word=Extracted[str](value="Danger", confidence=0.95),
        hazard_statements=[
            Statement(code="H225", text_en="Highly flammable liquid and vapour.", confidence=0.99),
            Statement(
                code="EUH066", text_en="Repeated exposure may cause skin dryness or cracking.", confidence=0.9
            ),
        ],
        precautionary_statements=[Statement(code="P210", confidence=0.9)],
        pictograms=[Pictogram(code="GHS02", source=PictogramSource.BOTH, confidence=0.97)],
        components=[Component(name="Aceton", cas="67-64-1", ec="200-662-2", concentration="100 %")],
        free_text={
            "other_hazards": Translated(
                original="Dämpfe können mit Luft explosive Gemische bilden.",
                language="de",
                english="Vapours can form explosive mixtures with air.",
                method=TranslationMethod.ENGINE,
            )
        },
        needs_review=False,
    )


# --- OpenSearch -----------------------------------------------------------------------------------------


def test_the_bulk_body_indexes_each_record_under_its_document_id() -> None:
    # Given two records
    records = [sample_record("a"), sample_record("b")]
    # When their bulk body is built
    lines = bulk_body(records, "sds-records")
    # Then each is an index action with _id = document id, followed by its search document
    assert lines[0] == {"index": {"_index": "sds-records", "_id": "a" * 64}}
    assert lines[2] == {"index": {"_index": "sds-records", "_id": "b" * 64}}
    assert lines[1]["h_codes"] == ["H225", "EUH066"] and lines[1]["cas_numbers"] == ["67-64-1"]
    assert lines[1]["text_original"] == {"de": "Dämpfe können mit Luft explosive Gemische bilden."}
    assert lines[1]["revision_date"] == "2023-05-01"


def test_every_search_document_field_is_in_the_strict_mapping() -> None:
    # Given the explicit mapping (dynamic: strict) and a search document
    properties = index_mapping()["mappings"]["properties"]
    document = search_document(sample_record())
    # When their fields are compared
    # Then the document has exactly the mapped fields, codes and CAS numbers are keywords, dates are dates
    assert index_mapping()["mappings"]["dynamic"] == "strict"
    assert set(document) == set(properties)
    assert all(
        properties[f]["type"] == "keyword" for f in ("h_codes", "p_codes", "cas_numbers", "pictograms")
    )
    assert properties["revision_date"]["type"] == "date"
    assert properties["text_original"]["properties"]["de"]["analyzer"] == "german"


def test_every_language_whose_original_text_is_indexed_has_an_analyzer_in_the_mapping() -> None:
    # Given the languages the search document keeps original text for
    languages = set(ORIGINAL_TEXT_LANGUAGES)
    # When the mapping's original-text fields are read
    mapped = index_mapping()["mappings"]["properties"]["text_original"]["properties"]
    # Then each language has its field (the strict mapping would refuse a document with another)
    assert languages == set(mapped)


# Analyzers OpenSearch ships (no plugin needed): the standard one and the language analyzers the mapping uses.
BUILT_IN_ANALYZERS = {
    "standard",
    "cjk",
    "english",
    "german",
    "french",
    "spanish",
    "italian",
    "dutch",
    "portuguese",
}


def test_every_analyzer_a_field_names_is_built_in_or_defined_in_the_settings() -> None:
    # Given the mapping's analysis settings and its fields
    mapping = index_mapping()
    defined = set(mapping["settings"]["analysis"]["analyzer"])

    def analyzers(properties: dict[str, Any]) -> Iterator[str]:
        for spec in properties.values():
            if "analyzer" in spec:
                yield spec["analyzer"]
            yield from analyzers(spec.get("properties", {}))

    # When every analyzer a field names is collected
    named = set(analyzers(mapping["mappings"]["properties"]))
    # Then OpenSearch knows each one, and names and Polish text are folded
    assert named <= BUILT_IN_ANALYZERS | defined
    assert mapping["settings"]["analysis"]["analyzer"]["folded"]["filter"] == ["lowercase", "asciifolding"]
    properties = mapping["mappings"]["properties"]
    assert properties["product_name"]["analyzer"] == properties["supplier_name"]["analyzer"] == "folded"
    assert properties["components"]["properties"]["name"]["analyzer"] == "folded"
    assert properties["text_original"]["properties"]["pl"]["analyzer"] == "folded"


def test_a_search_asks_for_exact_facet_counts_and_an_order_that_pages_alike() -> None:
    # Given a query with text sorted by relevance, one by date, and one without facets
    relevance = search_body(SearchQuery(text="aceton"))
    oldest = search_body(SearchQuery(sort="oldest"))
    bare = search_body(SearchQuery(facets=False))
    # When the request bodies are read
    aggregations = relevance["aggs"]
    # Then every facet is a terms aggregation of FACET_SIZE values by count, then value, on one shard
    assert set(aggregations) == set(FACET_NAMES) and "aggs" not in bare
    assert aggregations["supplier_name"]["terms"]["field"] == "supplier_name.raw"
    assert all(
        a["terms"]["size"] == FACET_SIZE and a["terms"]["order"] == [{"_count": "desc"}, {"_key": "asc"}]
        for a in aggregations.values()
    )
    assert index_mapping()["settings"]["index"]["number_of_shards"] == 1
    # ... and every order ends with the document id, so that pages of one query never overlap
    assert relevance["sort"] == [{"_score": {"order": "desc"}}, {"document_id": {"order": "asc"}}]
    assert relevance["track_scores"] is True and "track_scores" not in oldest
    assert oldest["sort"] == [
        {"revision_date": {"order": "asc", "missing": "_last"}},
        {"document_id": {"order": "asc"}},
    ]


def test_publishing_twice_sends_the_same_bulk_request() -> None:
    # Given an indexer on a recording connection
    indexer = OpenSearchIndexer(recording_opensearch(), "sds-records")
    record = sample_record()
    # When the same record is published twice
    indexer.index_records([record])
    first = bulk_lines()
    RECORDED.clear()
    indexer.index_records([record])
    # Then both requests are the same: the second replaces the document with identical content
    assert bulk_lines() == first
    assert first[0]["index"]["_id"] == record.document_id


def test_a_bulk_item_failure_is_a_publish_failure() -> None:
    # Given a client whose bulk answer reports a mapping error on one item
    class Failing:
        def bulk(self, body: Any) -> dict[str, Any]:
            return {
                "errors": True,
                "items": [
                    {"index": {"_id": "a" * 64, "status": 400, "error": {"type": "mapper_parsing_exception"}}}
                ],
            }

    # When a record is indexed
    # Then PublishFailed names the document and the error
    with pytest.raises(PublishFailed, match="mapper_parsing_exception"):
        OpenSearchIndexer(Failing(), "sds-records").index_records([sample_record()])


@pytest.mark.parametrize(
    ("status", "named"), [(429, ServiceThrottled), (403, ServiceAccessDenied), (400, ServiceRequestRejected)]
)
def test_opensearch_errors_are_named(status: int, named: type[Exception]) -> None:
    # Given a client whose bulk call fails with an HTTP status
    from opensearchpy.exceptions import TransportError

    class Refusing:
        def bulk(self, body: Any) -> dict[str, Any]:
            raise TransportError(status, "refused", {})

    # When a record is indexed
    # Then the named error is raised
    with pytest.raises(named):
        OpenSearchIndexer(Refusing(), "sds-records").index_records([sample_record()])


def test_requests_to_the_domain_are_signed_with_sigv4(monkeypatch: pytest.MonkeyPatch) -> None:
    # Given a client of a domain with fixed credentials, and the HTTP layer captured
    sent: list[requests.PreparedRequest] = []

    def send(self: requests.Session, request: requests.PreparedRequest, **_: Any) -> requests.Response:
        sent.append(request)
        response = requests.Response()
        response.status_code = 200
        response._content = json.dumps({"errors": False, "items": [{"index": {"status": 201}}]}).encode()
        response.headers["content-type"] = "application/json"
        response.request = request
        return response

    monkeypatch.setattr(requests.Session, "send", send)
    credentials = Credentials("AKIDEXAMPLE", "secret", "token")
    search = opensearch_client("https://search-msds.eu-west-1.es.amazonaws.com", "eu-west-1", credentials)
    # When a record is indexed
    OpenSearchIndexer(search, "sds-records").index_records([sample_record()])
    # Then the request went over HTTPS to the domain, signed for the es service in the region
    (request,) = sent
    assert request.url == "https://search-msds.eu-west-1.es.amazonaws.com:443/_bulk"
    authorization = str(request.headers["Authorization"])
    assert authorization.startswith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/")
    assert "/eu-west-1/es/aws4_request" in authorization
    assert request.headers["X-Amz-Security-Token"] == "token"


# --- Redshift -------------------------------------------------------------------------------------------


@pytest.fixture
def redshift(aws_credentials: None, stubbed: Any) -> Iterator[dict[str, Any]]:
    with mock_aws():
        s3 = client("s3")
        make_bucket(s3, STAGING)
        stub = stubbed("redshift-data")
        statements: list[list[str]] = []
        stub.client.meta.events.register(
            "provide-client-params.redshift-data.BatchExecuteStatement",
            lambda params, **_: statements.append(list(params["Sqls"])),
        )
        loader = RedshiftLoader(
            stub.client,
            S3Objects(s3),
            database="dev",
            workgroup="msds",
            staging_bucket=STAGING,
            poll_seconds=0.0,
            sleep=lambda _: None,
        )
        yield {"s3": s3, "stub": stub, "statements": statements, "loader": loader}


def finished(stub: Any, statement_id: str, polls: int = 1) -> None:
    stub.stubber.add_response(
        "batch_execute_statement",
        {"Id": statement_id, "Database": "dev", "WorkgroupName": "msds"},
        {"Sqls": ANY, "StatementName": "msds-load", "Database": "dev", "WorkgroupName": "msds"},
    )
    for _ in range(polls - 1):
        stub.stubber.add_response("describe_statement", {"Id": statement_id, "Status": "STARTED"})
    stub.stubber.add_response("describe_statement", {"Id": statement_id, "Status": "FINISHED"})


def test_a_load_stages_rows_in_s3_and_merges_them_in_one_batch(redshift: dict[str, Any]) -> None:
    # Given a record, and the Data API finishing the batch after one poll
    finished(redshift["stub"], "stmt-1", polls=2)
    # When it is loaded
    statement_id = redshift["loader"].load([sample_record()])
    # Then one batch ran: temp staging tables filled by COPY from S3, a MERGE into the documents, and the
    # child rows of those documents replaced
    (sql,) = redshift["statements"]
    assert statement_id == "stmt-1"
    assert sql[0] == "CREATE TEMP TABLE stage_sds_documents (LIKE sds_documents)"
    assert re.fullmatch(
        rf"COPY stage_sds_documents FROM 's3://{STAGING}/analytics-staging/[0-9a-f]{{32}}/"
        r"sds_documents\.jsonl' "
        r"IAM_ROLE default FORMAT AS JSON 'auto' DATEFORMAT 'YYYY-MM-DD' TRUNCATECOLUMNS",
        sql[1],
    )
    merge = next(s for s in sql if s.startswith("MERGE"))
    assert "ON sds_documents.document_id = stage_sds_documents.document_id" in merge
    assert "WHEN MATCHED THEN UPDATE SET" in merge and "WHEN NOT MATCHED THEN INSERT" in merge
    for table in ("sds_statements", "sds_components", "sds_pictograms"):
        delete = sql.index(next(s for s in sql if s.startswith(f"DELETE FROM {table} ")))
        assert sql[delete + 1].startswith(f"INSERT INTO {table} ")
    # ... and the staged files hold the rows
    keys = [o["Key"] for o in redshift["s3"].list_objects_v2(Bucket=STAGING)["Contents"]]
    assert sorted(k.rsplit("/", 1)[-1] for k in keys) == sorted(
        f"{t}.jsonl" for t in ("sds_documents", "sds_statements", "sds_components", "sds_pictograms")
    )


def test_loading_the_same_record_twice_sends_the_same_statements_and_files(redshift: dict[str, Any]) -> None:
    # Given a record loaded once
    finished(redshift["stub"], "stmt-1")
    finished(redshift["stub"], "stmt-2")
    record = sample_record()
    redshift["loader"].load([record])
    keys_after_first = {o["Key"] for o in redshift["s3"].list_objects_v2(Bucket=STAGING)["Contents"]}
    # When it is loaded again
    redshift["loader"].load([record])
    # Then the second load stages the same objects and runs the same SQL, so the tables do not change
    first, second = redshift["statements"]
    assert first == second
    assert {o["Key"] for o in redshift["s3"].list_objects_v2(Bucket=STAGING)["Contents"]} == keys_after_first


def test_no_value_from_a_document_is_written_into_sql(redshift: dict[str, Any]) -> None:
    # Given a product name built to break out of a SQL literal
    finished(redshift["stub"], "stmt-1")
    hostile = "O'Brien'); DROP TABLE sds_documents; --"
    # When the record is loaded
    redshift["loader"].load([sample_record(product=hostile)])
    # Then the name travels only in the staged file
    assert not any("O'Brien" in s or "DROP" in s for s in redshift["statements"][0])
    key = next(
        o["Key"]
        for o in redshift["s3"].list_objects_v2(Bucket=STAGING)["Contents"]
        if "sds_documents" in o["Key"]
    )
    row = json.loads(redshift["s3"].get_object(Bucket=STAGING, Key=key)["Body"].read())
    assert row["product_name"] == hostile


def test_a_failed_load_is_a_publish_failure(redshift: dict[str, Any]) -> None:
    # Given the Data API reporting the batch as failed
    stub = redshift["stub"]
    stub.stubber.add_response("batch_execute_statement", {"Id": "stmt-9"})
    stub.stubber.add_response(
        "describe_statement", {"Id": "stmt-9", "Status": "FAILED", "Error": "S3 denied"}
    )
    # When a record is loaded
    # Then PublishFailed carries Redshift's error
    with pytest.raises(PublishFailed, match="S3 denied"):
        redshift["loader"].load([sample_record()])


def test_the_rows_of_a_record_cover_every_table() -> None:
    # Given a record published with its status and supplier
    publication = Publication(
        record=sample_record(), status=DocumentStatus.ACCEPTED, supplier_ids=["supplier-42"]
    )
    # When its analytics rows are made
    rows = analytics_rows(publication)
    # Then there is one document row (with status and suppliers) and one row per statement, component and
    # pictogram
    assert rows["sds_documents"][0]["revision_date"] == "2023-05-01"
    assert rows["sds_documents"][0]["status"] == "accepted"
    assert rows["sds_documents"][0]["supplier_ids"] == "supplier-42"
    assert [(r["kind"], r["code"]) for r in rows["sds_statements"]] == [
        ("H", "H225"),
        ("EUH", "EUH066"),
        ("P", "P210"),
    ]
    assert rows["sds_components"] == [
        {
            "document_id": "a" * 64,
            "line_no": 1,
            "name": "Aceton",
            "cas": "67-64-1",
            "ec": "200-662-2",
            "concentration": "100 %",
            "cas_check_ok": None,
        }
    ]
    assert rows["sds_pictograms"][0]["code"] == "GHS02"


def test_the_tables_are_created_if_they_do_not_exist() -> None:
    # Given the analytics tables
    # When their DDL is read
    statements = ddl()
    # Then each table is created once, keyed and distributed by document
    assert [s.split()[5] for s in statements] == [
        "sds_documents",
        "sds_statements",
        "sds_components",
        "sds_pictograms",
    ]
    assert all(
        s.startswith("CREATE TABLE IF NOT EXISTS") and "DISTKEY (document_id)" in s for s in statements
    )
