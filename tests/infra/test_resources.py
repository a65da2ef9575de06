"""Key properties of the resources of each concern, read from the synthesized template."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from infra.constructs.review import TEMPLATE
from tests.infra.conftest import Synthesized


def bucket(synthesized: Synthesized, construct_path_part: str) -> tuple[str, dict[str, Any]]:
    for name, resource in synthesized.resources("AWS::S3::Bucket").items():
        if name.startswith(construct_path_part):
            return name, resource["Properties"]
    raise AssertionError(f"no bucket {construct_path_part}")


def policy_of(synthesized: Synthesized, bucket_name: str) -> list[dict[str, Any]]:
    for resource in synthesized.resources("AWS::S3::BucketPolicy").values():
        if resource["Properties"]["Bucket"] == {"Ref": bucket_name}:
            statements: list[dict[str, Any]] = resource["Properties"]["PolicyDocument"]["Statement"]
            return statements
    raise AssertionError(f"no policy for {bucket_name}")


def test_the_document_bucket_is_encrypted_with_the_rotating_customer_key_versioned_private_and_tls_only(
    synthesized: Synthesized,
) -> None:
    # Given the document bucket and the data key
    name, documents = bucket(synthesized, "StorageDocuments")
    key = synthesized.one("AWS::KMS::Key")

    # When its encryption, versioning, public access and policy are read
    encryption = documents["BucketEncryption"]["ServerSideEncryptionConfiguration"][0]
    statements = policy_of(synthesized, name)

    # Then it uses the customer key (rotated yearly), keeps versions, blocks public access, denies plain HTTP
    assert encryption["ServerSideEncryptionByDefault"]["SSEAlgorithm"] == "aws:kms"
    assert encryption["ServerSideEncryptionByDefault"]["KMSMasterKeyID"]["Fn::GetAtt"][0].startswith(
        "StorageDataKey"
    )
    assert key["EnableKeyRotation"] is True and key["RotationPeriodInDays"] == 365
    assert documents["VersioningConfiguration"] == {"Status": "Enabled"}
    assert documents["PublicAccessBlockConfiguration"] == {
        "BlockPublicAcls": True,
        "BlockPublicPolicy": True,
        "IgnorePublicAcls": True,
        "RestrictPublicBuckets": True,
    }
    assert any(
        s["Effect"] == "Deny" and s["Condition"] == {"Bool": {"aws:SecureTransport": "false"}}
        for s in statements
    )
    # ... and S3 tells EventBridge about new objects (the ingestion path; CDK sets it with a custom resource)
    notifications = synthesized.one("Custom::S3BucketNotifications")
    assert notifications["BucketName"] == {"Ref": name}
    assert notifications["NotificationConfiguration"] == {"EventBridgeConfiguration": {}}


def test_originals_can_neither_be_deleted_nor_overwritten(synthesized: Synthesized) -> None:
    # Given the document bucket's policy
    name, _ = bucket(synthesized, "StorageDocuments")
    statements = {s.get("Sid"): s for s in policy_of(synthesized, name)}

    # When the statements about originals/ are read
    delete = statements["DenyDeletingOriginals"]
    overwrite = statements["DenyOverwritingOriginals"]

    # Then every principal is denied deleting them, and writing them without If-None-Match (so no overwrite)
    assert delete["Effect"] == overwrite["Effect"] == "Deny"
    assert delete["Principal"] == overwrite["Principal"] == {"AWS": "*"}
    assert set(delete["Action"]) == {"s3:DeleteObject", "s3:DeleteObjectVersion"}
    assert overwrite["Action"] == "s3:PutObject"
    assert overwrite["Condition"] == {"Null": {"s3:if-none-match": "true"}}
    assert json.dumps(delete["Resource"]).endswith('"/originals/*"]]}')


def test_the_document_bucket_expires_uploads_and_old_versions_and_moves_originals_to_infrequent_access(
    synthesized: Synthesized,
) -> None:
    # Given the document bucket's lifecycle rules
    _, documents = bucket(synthesized, "StorageDocuments")
    rules = {rule["Id"]: rule for rule in documents["LifecycleConfiguration"]["Rules"]}

    # When the rules of each prefix are read
    uploads, originals = rules["expire-uploads"], rules["originals-to-infrequent-access"]

    # Then uploads expire, originals move to Infrequent Access, and old artifact versions expire
    assert uploads["Prefix"] == "uploads/" and uploads["ExpirationInDays"] == 7
    assert originals["Prefix"] == "originals/"
    assert originals["Transitions"] == [{"StorageClass": "STANDARD_IA", "TransitionInDays": 90}]
    assert rules["artifacts-versions"]["NoncurrentVersionExpiration"] == {"NoncurrentDays": 30}
    assert rules["abort-incomplete-uploads"]["AbortIncompleteMultipartUpload"] == {"DaysAfterInitiation": 1}


def test_every_data_bucket_logs_its_access_to_the_access_log_bucket(synthesized: Synthesized) -> None:
    # Given the three buckets
    logs_name, logs = bucket(synthesized, "StorageAccessLogs")

    # When their logging is read
    logged = [
        props["LoggingConfiguration"]["DestinationBucketName"]
        for name, resource in synthesized.resources("AWS::S3::Bucket").items()
        if name != logs_name
        for props in [resource["Properties"]]
    ]

    # Then the document and results buckets log into the access-log bucket, which is itself private
    assert logged == [{"Ref": logs_name}, {"Ref": logs_name}]
    assert logs["BucketEncryption"]["ServerSideEncryptionConfiguration"][0][
        "ServerSideEncryptionByDefault"
    ] == {"SSEAlgorithm": "AES256"}
    assert logs["PublicAccessBlockConfiguration"]["RestrictPublicBuckets"] is True


def test_an_upload_reaches_the_start_function_through_an_eventbridge_rule(synthesized: Synthesized) -> None:
    # Given the EventBridge rules
    rules = [r["Properties"] for r in synthesized.resources("AWS::Events::Rule").values()]

    # When the rule for S3 objects is found
    rule = next(r for r in rules if r["EventPattern"]["source"] == ["aws.s3"])
    target = rule["Targets"][0]

    # Then it matches Object Created under uploads/ of the document bucket and invokes start_workflow
    assert rule["EventPattern"]["detail-type"] == ["Object Created"]
    assert rule["EventPattern"]["detail"]["object"] == {"key": [{"prefix": "uploads/"}]}
    function = target["Arn"]["Fn::GetAtt"][0]
    handler = synthesized.template["Resources"][function]["Properties"]["Handler"]
    assert handler == "lambdas.start_workflow.handler"
    # ... with retries and a dead-letter queue for events it could not deliver
    assert target["RetryPolicy"]["MaximumRetryAttempts"] == 8
    assert target["DeadLetterConfig"]["Arn"]["Fn::GetAtt"][0].startswith("FunctionsAsyncDeadLetters")


def test_document_state_is_on_demand_with_point_in_time_recovery_under_the_customer_key(
    synthesized: Synthesized,
) -> None:
    # Given the DynamoDB tables
    tables = {name: r["Properties"] for name, r in synthesized.resources("AWS::DynamoDB::Table").items()}
    documents = next(t for n, t in tables.items() if n.startswith("StateDocuments"))
    review_tasks = next(t for n, t in tables.items() if n.startswith("StateReviewTasks"))

    # When their billing, recovery and encryption are read
    for table in (documents, review_tasks):
        # Then both are on demand, recoverable to a point in time, and encrypted with the customer key
        assert table["BillingMode"] == "PAY_PER_REQUEST"
        assert table["PointInTimeRecoverySpecification"] == {"PointInTimeRecoveryEnabled": True}
        assert table["SSESpecification"]["SSEType"] == "KMS"
        assert table["SSESpecification"]["KMSMasterKeyId"]["Fn::GetAtt"][0].startswith("StorageDataKey")
    # ... and no table is provisioned that nothing uses (the Powertools idempotency table is gone)
    assert not [n for n in tables if n.startswith("StateIdempotency")]
    assert documents["DeletionProtectionEnabled"] is True


def test_the_vision_endpoint_serves_the_model_on_a_cpu_instance_scaled_on_invocations_per_instance(
    synthesized: Synthesized,
) -> None:
    # Given the SageMaker model, endpoint configuration and scaling policy
    model = synthesized.one("AWS::SageMaker::Model")
    config = synthesized.one("AWS::SageMaker::EndpointConfig")
    policy = synthesized.one("AWS::ApplicationAutoScaling::ScalingPolicy")
    target = synthesized.one("AWS::ApplicationAutoScaling::ScalableTarget")

    # When the production variant is read
    variant = config["ProductionVariants"][0]

    # Then it runs the default instance type (context msds:vision_instance_type), without Elastic Inference
    assert variant["InstanceType"] == "ml.c6i.large" and variant["InitialInstanceCount"] == 1
    assert "AcceleratorType" not in variant and "ServerlessConfig" not in variant
    assert config["KmsKeyId"]["Fn::GetAtt"][0].startswith("StorageDataKey")
    assert model["PrimaryContainer"]["Environment"]["SAGEMAKER_PROGRAM"] == "inference.py"
    # ... and scales between 1 and 4 instances on SageMakerVariantInvocationsPerInstance
    tracking = policy["TargetTrackingScalingPolicyConfiguration"]
    assert tracking["PredefinedMetricSpecification"] == {
        "PredefinedMetricType": "SageMakerVariantInvocationsPerInstance"
    }
    assert tracking["TargetValue"] == 200
    assert (target["MinCapacity"], target["MaxCapacity"]) == (1, 4)
    assert target["ScalableDimension"] == "sagemaker:variant:DesiredInstanceCount"


def test_without_a_workteam_no_a2i_resource_is_made_and_reviews_stay_in_the_products_queue(
    synthesized: Synthesized,
) -> None:
    # Given the default configuration (no msds:a2i_workteam_arn)
    # When the template's A2I resources, rules and permissions are looked for
    text = json.dumps(synthesized.template)
    handlers = [f["Properties"]["Handler"] for f in synthesized.resources("AWS::Lambda::Function").values()]
    # Then there is no task UI, flow definition, status rule, callback function or A2I permission
    assert synthesized.resources("AWS::SageMaker::HumanTaskUi") == {}
    assert synthesized.resources("Custom::A2iFlowDefinition") == {}
    assert "SageMaker A2I HumanLoop Status Change" not in text and "workteam" not in text
    assert "lambdas.review_callback.handler" not in handlers
    assert "sagemaker:StartHumanLoop" not in text


def test_the_search_domain_is_encrypted_tls_only_with_fine_grained_access_and_the_index_is_created(
    synthesized: Synthesized,
) -> None:
    # Given the OpenSearch domain and the index custom resource
    domain = synthesized.one("AWS::OpenSearchService::Domain")
    index = synthesized.one("Custom::OpenSearchIndex")

    # When their security settings and the index definition are read
    security = domain["AdvancedSecurityOptions"]
    mapping = json.loads(index["Mapping"])

    # Then data is encrypted at rest (customer key) and between nodes, HTTPS is enforced, FGAC is on
    assert domain["EncryptionAtRestOptions"]["Enabled"] is True
    assert domain["EncryptionAtRestOptions"]["KmsKeyId"]["Ref"].startswith("StorageDataKey")
    assert domain["NodeToNodeEncryptionOptions"] == {"Enabled": True}
    assert domain["DomainEndpointOptions"]["EnforceHTTPS"] is True
    assert security["Enabled"] is True and security["InternalUserDatabaseEnabled"] is False
    assert security["MasterUserOptions"]["MasterUserARN"]["Fn::GetAtt"][0].startswith("SearchIndexAdmin")
    # ... and the index is created with the mapping file behind the alias the functions use
    assert (index["IndexName"], index["Alias"]) == ("sds-records-v2", "sds-records")
    assert mapping["mappings"]["dynamic"] == "strict"
    assert mapping["settings"]["index"]["number_of_replicas"] == 0


def test_analytics_is_a_private_redshift_serverless_workgroup_with_the_project_tables(
    synthesized: Synthesized,
) -> None:
    # Given the Redshift Serverless namespace, workgroup and SQL custom resource
    namespace = synthesized.one("AWS::RedshiftServerless::Namespace")
    workgroup = synthesized.one("AWS::RedshiftServerless::Workgroup")
    tables = synthesized.one("Custom::RedshiftSql")

    # When their settings are read
    parameters = {p["ParameterKey"]: p["ParameterValue"] for p in workgroup["ConfigParameters"]}

    # Then the namespace is encrypted with the customer key and its admin password is managed by Redshift
    assert namespace["KmsKeyId"]["Fn::GetAtt"][0].startswith("StorageDataKey")
    assert namespace["ManageAdminPassword"] is True and namespace["DbName"] == "msds"
    assert namespace["DefaultIamRoleArn"]["Fn::GetAtt"][0].startswith("AnalyticsCopyRole")
    # ... the workgroup is private, in the VPC, TLS only, at the base capacity of the context
    assert workgroup["PubliclyAccessible"] is False and workgroup["EnhancedVpcRouting"] is True
    assert parameters["require_ssl"] == "true" and workgroup["BaseCapacity"] == 8
    assert len(workgroup["SubnetIds"]) == 3
    # ... and the tables the loader uses are created from the SQL files
    assert any("CREATE TABLE IF NOT EXISTS sds_documents" in sql for sql in tables["Statements"])


def test_alarms_watch_failed_executions_dead_letters_and_every_function(synthesized: Synthesized) -> None:
    # Given the alarms and the functions of the project
    alarms = [a["Properties"] for a in synthesized.resources("AWS::CloudWatch::Alarm").values()]
    functions = [
        name
        for name, f in synthesized.resources("AWS::Lambda::Function").items()
        if f["Properties"]["Handler"].startswith("lambdas.")
    ]

    # When they are grouped by metric
    metrics: dict[str, list[dict[str, Any]]] = {}
    for alarm in alarms:
        metrics.setdefault(alarm["MetricName"], []).append(alarm)

    # Then failed executions of both workflows, the dead-letter queue's depth, and each function's errors and
    # throttles raise an alarm into the alarm topic
    assert len(metrics["ExecutionsFailed"]) == 2
    assert len(metrics["ApproximateNumberOfMessagesVisible"]) == 1
    watched = {a["Dimensions"][0]["Value"]["Ref"] for a in metrics["Errors"]}
    assert watched == set(functions)
    assert {a["Dimensions"][0]["Value"]["Ref"] for a in metrics["Throttles"]} == set(functions)
    assert all(alarm["AlarmActions"] for alarm in alarms)


def test_every_function_runs_the_current_python_traced_with_powertools_settings(
    synthesized: Synthesized,
) -> None:
    # Given every function of the project
    functions = [
        f["Properties"]
        for f in synthesized.resources("AWS::Lambda::Function").values()
        if f["Properties"]["Handler"].startswith("lambdas.")
    ]

    for function in functions:
        # When its runtime, tracing and environment are read
        variables = function["Environment"]["Variables"]

        # Then it runs Python 3.13 with the dependencies layer, X-Ray tracing and Powertools' settings
        assert function["Runtime"] == "python3.13"
        assert function["TracingConfig"] == {"Mode": "Active"}
        assert len(function["Layers"]) == 1
        assert variables["POWERTOOLS_SERVICE_NAME"] == "msds"
        assert variables["POWERTOOLS_METRICS_NAMESPACE"] == "Msds"
        assert variables["POWERTOOLS_LOG_LEVEL"] == "INFO"
        assert variables["POWERTOOLS_LOGGER_LOG_EVENT"] == "false"
        assert function["KmsKeyArn"]["Fn::GetAtt"][0].startswith("StorageDataKey")


def test_the_worker_template_posts_one_form_field_per_reviewable_field() -> None:
    # Given the fields a reviewer can correct, as the review merge reads them
    review = pytest.importorskip("models.review")
    template = TEMPLATE.read_text()

    # When the template's form inputs and check boxes are read
    names = set(re.findall(r'<crowd-input name="([^"]+)"', template))
    boxes = set(re.findall(r'<crowd-checkbox name="([^"]+)"', template))

    # Then each code field has its input and a "remove" box per code, each value field its own input, and
    # the pages to check are shown through grant_read_access
    assert set(review.REVIEWABLE_CODE_FIELDS) <= names
    assert boxes == {f"remove_{field}" for field in review.REVIEWABLE_CODE_FIELDS}
    assert "{{ field[0] }}" in names and "{% for field in task.input.fields %}" in template
    assert "{{ page | grant_read_access }}" in template


def test_the_documents_table_has_the_keys_and_index_the_dynamodb_repository_expects(
    synthesized: Synthesized,
) -> None:
    # Given the table definition the DynamoDB repository states
    repository = pytest.importorskip("msds.adapters.aws.dynamo_repository")
    expected = repository.table_definition("documents")

    # When the deployed documents table is read
    table = next(
        r["Properties"]
        for name, r in synthesized.resources("AWS::DynamoDB::Table").items()
        if name.startswith("StateDocuments")
    )

    # Then its key schema, attributes and secondary indexes are the same
    assert table["KeySchema"] == expected["KeySchema"]
    assert sorted(table["AttributeDefinitions"], key=str) == sorted(expected["AttributeDefinitions"], key=str)
    indexes = [
        {k: i[k] for k in ("IndexName", "KeySchema", "Projection")} for i in table["GlobalSecondaryIndexes"]
    ]
    assert indexes == expected["GlobalSecondaryIndexes"]


def test_the_vision_endpoint_has_a_lower_case_name_and_every_invoke_grant_names_it_so(
    synthesized: Synthesized,
) -> None:
    # Given the endpoint, and every policy statement that allows sagemaker:InvokeEndpoint
    endpoint = synthesized.one("AWS::SageMaker::Endpoint")
    grants = [
        statement
        for policy in synthesized.resources("AWS::IAM::Policy").values()
        for statement in policy["Properties"]["PolicyDocument"]["Statement"]
        if "sagemaker:InvokeEndpoint"
        in ([statement["Action"]] if isinstance(statement["Action"], str) else statement["Action"])
    ]

    # When the name is read (IAM compares SageMaker ARNs in lower case)
    name = endpoint["EndpointName"]
    literal = json.dumps(name)

    # Then it is set explicitly, its literal parts are lower case (the stack id's group is lower-case hex),
    # and each grant's resource is built from that same name, not from the generated attribute
    assert isinstance(name, dict) and "Fn::Join" in name
    parts = [part for part in name["Fn::Join"][1] if isinstance(part, str)]
    assert "msds-dev-vision" in "".join(parts) and all(part == part.lower() for part in parts)
    assert "AWS::StackId" in literal
    assert grants
    for statement in grants:
        resource = json.dumps(statement["Resource"])
        assert "msds-dev-vision" in resource and "AWS::StackId" in resource, resource
        assert "EndpointName" not in resource
