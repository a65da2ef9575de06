"""The web app on AWS in the synthesized stack: the web function behind the HTTP API's $default route, the
Cognito hosted sign-in (domain, app client with the authorization-code grant, groups), the tables of the
review queue and the sessions, the bucket's CORS rule for the upload forms, and who may touch what."""

from __future__ import annotations

import json
from typing import Any

from infra.environment import AWS_ENV_PREFIX
from msds.adapters.aws.dynamo_review_tasks import review_tasks_table_definition
from msds.adapters.aws.dynamo_sessions import TTL_ATTRIBUTE, sessions_table_definition
from msds.composition_aws_web import WEB_SETTINGS
from tests.infra.conftest import Synthesized

WEB_ONLY = ("SESSIONS_TABLE", "USER_POOL_ID", "USER_POOL_CLIENT_ID", "SIGN_IN_DOMAIN")


def _named(synthesized: Synthesized, kind: str, prefix: str) -> tuple[str, dict[str, Any]]:
    (found,) = [(n, r["Properties"]) for n, r in synthesized.resources(kind).items() if n.startswith(prefix)]
    return found


def _web_function(synthesized: Synthesized) -> tuple[str, dict[str, Any]]:
    (found,) = [
        (name, f["Properties"])
        for name, f in synthesized.resources("AWS::Lambda::Function").items()
        if f["Properties"]["Handler"] == "lambdas.web.handler"
    ]
    return found


def _statements_of(synthesized: Synthesized, role_prefix: str) -> list[dict[str, Any]]:
    statements: list[dict[str, Any]] = []
    for policy in synthesized.resources("AWS::IAM::Policy").values():
        roles = [ref.get("Ref", "") for ref in policy["Properties"].get("Roles", [])]
        if any(name.startswith(role_prefix) for name in roles):
            statements.extend(policy["Properties"]["PolicyDocument"]["Statement"])
    return statements


def _touches(statements: list[dict[str, Any]], logical_id: str, action_prefix: str) -> bool:
    for statement in statements:
        actions = statement["Action"] if isinstance(statement["Action"], list) else [statement["Action"]]
        if any(a.startswith(action_prefix) for a in actions) and logical_id in json.dumps(
            statement["Resource"]
        ):
            return True
    return False


def test_every_request_goes_to_the_web_function_which_authenticates_it_itself(
    synthesized: Synthesized,
) -> None:
    # Given the HTTP API's routes, integrations and authorizers
    routes = [r["Properties"] for r in synthesized.resources("AWS::ApiGatewayV2::Route").values()]
    integration = synthesized.one("AWS::ApiGatewayV2::Integration")
    web_name, web = _web_function(synthesized)
    # When the routes are read
    (route,) = routes
    # Then there is one, $default, with no authorizer, to the web function (payload format 2.0)
    assert route["RouteKey"] == "$default" and route["AuthorizationType"] == "NONE"
    assert synthesized.resources("AWS::ApiGatewayV2::Authorizer") == {}
    assert integration["IntegrationUri"] == {"Fn::GetAtt": [web_name, "Arn"]}
    assert integration["PayloadFormatVersion"] == "2.0"
    # ... the function has room to render page images within the gateway's 30 seconds
    assert web["MemorySize"] >= 2048 and web["Timeout"] <= 29
    # ... and the route's cdk-nag suppressions say that the app authenticates every request
    metadata = synthesized.template["Resources"]
    reasons = [
        rule["reason"]
        for name, resource in metadata.items()
        if resource["Type"] == "AWS::ApiGatewayV2::Route"
        for rule in resource.get("Metadata", {}).get("cdk_nag", {}).get("rules_to_suppress", [])
    ]
    assert len(reasons) == 2 and all("Cognito" in reason for reason in reasons)


def test_the_user_pool_signs_in_on_a_generated_domain_with_the_code_grant_for_the_app(
    synthesized: Synthesized,
) -> None:
    # Given the user pool, its domain, its app client and its groups
    pool = synthesized.one("AWS::Cognito::UserPool")
    domain = synthesized.one("AWS::Cognito::UserPoolDomain")
    client = synthesized.one("AWS::Cognito::UserPoolClient")
    groups = sorted(
        g["Properties"]["GroupName"] for g in synthesized.resources("AWS::Cognito::UserPoolGroup").values()
    )
    # When their settings are read
    prefix = domain["Domain"]["Fn::Join"]
    # Then the domain prefix is msds-<stage>- and a part of the stack's own UUID (no collision between stacks)
    assert prefix[0] == "-" and prefix[1][0] == "msds-dev"
    assert "AWS::StackId" in json.dumps(prefix[1][1])
    # ... the client is public (no secret) with the authorization-code grant, calls back to the app
    assert client["GenerateSecret"] is False and client["AllowedOAuthFlows"] == ["code"]
    assert client["AllowedOAuthFlowsUserPoolClient"] is True
    assert set(client["AllowedOAuthScopes"]) == {"openid", "email", "profile"}
    assert client["SupportedIdentityProviders"] == ["COGNITO"]
    (callback,) = client["CallbackURLs"]
    (sign_out,) = client["LogoutURLs"]
    assert callback["Fn::Join"][1][-1] == "/auth/callback" and sign_out["Fn::Join"][1][-1] == "/"
    assert {"Ref": _named(synthesized, "AWS::ApiGatewayV2::Api", "ApiHttpApi")[0]} in callback["Fn::Join"][1]
    # ... and people are in the groups supplier, compliance, reviewer and admin, with MFA, made by an admin
    assert groups == ["admin", "compliance", "reviewer", "supplier"]
    assert (
        pool["MfaConfiguration"] == "ON" and pool["AdminCreateUserConfig"]["AllowAdminCreateUserOnly"] is True
    )


def test_the_web_function_alone_has_the_sign_in_and_session_settings(synthesized: Synthesized) -> None:
    # Given every project function's MSDS_AWS_* variables
    functions = {
        name: f["Properties"]["Environment"]["Variables"]
        for name, f in synthesized.resources("AWS::Lambda::Function").items()
        if f["Properties"]["Handler"].startswith("lambdas.")
    }
    web_name, _ = _web_function(synthesized)
    pool, _ = _named(synthesized, "AWS::Cognito::UserPool", "ApiUsers")
    sessions, _ = _named(synthesized, "AWS::DynamoDB::Table", "StateSessions")
    # When the web function's are read
    web = functions.pop(web_name)
    # Then it has every setting the web composition needs, wired to the pool and the sessions table
    assert {AWS_ENV_PREFIX + name.upper() for name in WEB_SETTINGS} <= set(web)
    assert web["MSDS_AWS_USER_POOL_ID"] == {"Ref": pool}
    assert web["MSDS_AWS_SESSIONS_TABLE"] == {"Ref": sessions}
    assert ".amazoncognito.com" in json.dumps(web["MSDS_AWS_SIGN_IN_DOMAIN"])
    # ... and no other function has the web-only ones (every function has the review queue's table)
    assert all(
        not {AWS_ENV_PREFIX + name for name in WEB_ONLY} & set(variables) for variables in functions.values()
    )
    assert all(AWS_ENV_PREFIX + "REVIEW_TASKS_TABLE" in variables for variables in functions.values())


def test_the_review_queue_and_session_tables_have_the_keys_the_adapters_expect(
    synthesized: Synthesized,
) -> None:
    # Given the tables the DynamoDB adapters state, and the deployed ones
    expected_tasks = review_tasks_table_definition("tasks")
    expected_sessions = sessions_table_definition("sessions")
    _, tasks = _named(synthesized, "AWS::DynamoDB::Table", "StateReviewTasks")
    _, sessions = _named(synthesized, "AWS::DynamoDB::Table", "StateSessions")
    # When their keys, indexes and time-to-live are compared
    indexes = [
        {k: i[k] for k in ("IndexName", "KeySchema", "Projection")} for i in tasks["GlobalSecondaryIndexes"]
    ]
    # Then the queue's table has the sparse open-queue index, the sessions table the TTL on expires_at
    assert tasks["KeySchema"] == expected_tasks["KeySchema"]
    assert sorted(tasks["AttributeDefinitions"], key=str) == sorted(
        expected_tasks["AttributeDefinitions"], key=str
    )
    assert indexes == expected_tasks["GlobalSecondaryIndexes"]
    assert sessions["KeySchema"] == expected_sessions["KeySchema"]
    assert sessions["TimeToLiveSpecification"] == {"AttributeName": TTL_ATTRIBUTE, "Enabled": True}
    # ... both encrypted with the customer key, with point-in-time recovery
    for table in (tasks, sessions):
        assert table["SSESpecification"]["SSEType"] == "KMS"
        assert table["PointInTimeRecoverySpecification"]["PointInTimeRecoveryEnabled"] is True


def test_browsers_on_the_apps_origin_may_post_upload_forms_to_the_document_bucket(
    synthesized: Synthesized,
) -> None:
    # Given the document bucket and the HTTP API
    _, bucket = _named(synthesized, "AWS::S3::Bucket", "StorageDocuments")
    api, _ = _named(synthesized, "AWS::ApiGatewayV2::Api", "ApiHttpApi")
    # When its CORS rules are read
    (rule,) = bucket["CorsConfiguration"]["CorsRules"]
    # Then the app's origin (the API's endpoint) may POST, nothing else
    assert rule["AllowedMethods"] == ["POST"]
    assert rule["AllowedOrigins"] == [{"Fn::GetAtt": [api, "ApiEndpoint"]}]


def test_the_web_function_may_do_what_the_app_does_and_no_other_function_reads_sessions(
    synthesized: Synthesized,
) -> None:
    # Given the tables, the bucket and the functions' policies
    tasks, _ = _named(synthesized, "AWS::DynamoDB::Table", "StateReviewTasks")
    sessions, _ = _named(synthesized, "AWS::DynamoDB::Table", "StateSessions")
    documents, _ = _named(synthesized, "AWS::DynamoDB::Table", "StateDocuments")
    web = _statements_of(synthesized, "FunctionsWebRole")
    route = _statements_of(synthesized, "FunctionsStepRouteRole")
    others = {
        name: _statements_of(synthesized, name)
        for name in synthesized.resources("AWS::IAM::Role")
        if name.startswith("FunctionsStep") and not name.startswith(("FunctionsStepRoute", "FunctionsWeb"))
    }
    # When what each may do is read
    # Then the web function works the queue, sessions and documents, signs uploads, resumes the workflow
    assert _touches(web, tasks, "dynamodb:PutItem") and _touches(web, sessions, "dynamodb:DeleteItem")
    assert _touches(web, documents, "dynamodb:UpdateItem")
    assert any("uploads/*" in json.dumps(s["Resource"]) and "s3:PutObject" in s["Action"] for s in web)
    assert any("states:SendTaskSuccess" in s["Action"] for s in web)
    # ... Route opens review tasks, and no step function reads sessions or (but Route) the queue
    assert _touches(route, tasks, "dynamodb:PutItem") and not _touches(route, sessions, "dynamodb:")
    assert others and all(not _touches(s, sessions, "dynamodb:") for s in others.values())
    assert all(not _touches(s, tasks, "dynamodb:") for s in others.values())
