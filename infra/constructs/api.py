"""The API: API Gateway HTTP API with a Cognito JWT authorizer; users in the groups supplier, compliance and
reviewer.

Every route needs a valid token of the user pool's web client (the ID token or the access token: the
authorizer checks the audience or client id). Which group may do what is checked by the handlers from the
token's ``cognito:groups`` claim; a supplier sees only the documents of its ``custom:supplier_id``, a claim
Cognito puts in the ID token, so suppliers call with their ID token:

==========================================  ==========================  ====================================
route                                       handler                     groups
==========================================  ==========================  ====================================
POST /documents/upload-url                  lambdas.api_upload          supplier, compliance
GET  /documents/{document_id}               lambdas.api_documents       supplier (own), compliance, reviewer
GET  /documents/{document_id}/record        lambdas.api_documents       supplier (own), compliance, reviewer
GET  /search                                lambdas.api_search          supplier (own), compliance, reviewer
GET  /reviews                               lambdas.api_reviews         reviewer
GET  /reviews/{document_id}                 lambdas.api_reviews         reviewer
POST /reviews/{document_id}                 lambdas.api_reviews         reviewer
==========================================  ==========================  ====================================
"""

from __future__ import annotations

from dataclasses import dataclass

import jsii
from aws_cdk import Duration, RemovalPolicy
from aws_cdk import aws_apigateway as apigw
from aws_cdk import aws_apigatewayv2 as apigwv2
from aws_cdk import aws_apigatewayv2_authorizers as authorizers
from aws_cdk import aws_apigatewayv2_integrations as integrations
from aws_cdk import aws_cognito as cognito
from aws_cdk import aws_kms as kms
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_logs as logs
from constructs import Construct

from infra.config import InfraConfig
from infra.handlers import Role

GROUPS = {
    "supplier": "Suppliers: upload their sheets and see only their own documents",
    "compliance": "Compliance staff: search, consolidate finished products, export",
    "reviewer": "Reviewers: work the queue of low-confidence sheets",
}


@dataclass(frozen=True)
class Route:
    method: apigwv2.HttpMethod
    path: str
    role: Role


ROUTES: tuple[Route, ...] = (
    Route(apigwv2.HttpMethod.POST, "/documents/upload-url", Role.API_UPLOAD),
    Route(apigwv2.HttpMethod.GET, "/documents/{document_id}", Role.API_DOCUMENTS),
    Route(apigwv2.HttpMethod.GET, "/documents/{document_id}/record", Role.API_DOCUMENTS),
    Route(apigwv2.HttpMethod.GET, "/search", Role.API_SEARCH),
    Route(apigwv2.HttpMethod.GET, "/reviews", Role.API_REVIEWS),
    Route(apigwv2.HttpMethod.GET, "/reviews/{document_id}", Role.API_REVIEWS),
    Route(apigwv2.HttpMethod.POST, "/reviews/{document_id}", Role.API_REVIEWS),
)

ACCESS_LOG_FORMAT = apigw.AccessLogFormat.custom(
    '{"requestId":"$context.requestId","ip":"$context.identity.sourceIp","time":"$context.requestTime",'
    '"method":"$context.httpMethod","route":"$context.routeKey","status":"$context.status",'
    '"latencyMs":"$context.responseLatency","user":"$context.authorizer.claims.sub",'
    '"error":"$context.error.message","integrationError":"$context.integrationErrorMessage"}'
)


@jsii.implements(apigwv2.IAccessLogSettings)
class _AccessLogs:
    def __init__(self, group: logs.ILogGroup) -> None:
        self._destination = apigwv2.LogGroupLogDestination(group)

    @property
    def destination(self) -> apigwv2.IAccessLogDestination:
        return self._destination

    @property
    def format(self) -> apigw.AccessLogFormat:
        return ACCESS_LOG_FORMAT


class Api(Construct):
    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        config: InfraConfig,
        key: kms.IKey,
        handlers: dict[Role, lambda_.IFunction],
    ) -> None:
        super().__init__(scope, construct_id)
        removal = RemovalPolicy.RETAIN if config.retain_data else RemovalPolicy.DESTROY
        self.user_pool = cognito.UserPool(
            self,
            "Users",
            self_sign_up_enabled=False,  # accounts are created by the compliance team
            sign_in_aliases=cognito.SignInAliases(email=True),
            sign_in_case_sensitive=False,
            auto_verify=cognito.AutoVerifiedAttrs(email=True),
            mfa=cognito.Mfa.REQUIRED,
            mfa_second_factor=cognito.MfaSecondFactor(otp=True, sms=False),
            password_policy=cognito.PasswordPolicy(
                min_length=12,
                require_lowercase=True,
                require_uppercase=True,
                require_digits=True,
                require_symbols=True,
                temp_password_validity=Duration.days(3),
            ),
            account_recovery=cognito.AccountRecovery.EMAIL_ONLY,
            custom_attributes={"supplier_id": cognito.StringAttribute(min_len=1, max_len=64, mutable=False)},
            feature_plan=cognito.FeaturePlan.PLUS,
            standard_threat_protection_mode=cognito.StandardThreatProtectionMode.FULL_FUNCTION,
            deletion_protection=config.retain_data,
            removal_policy=removal,
        )
        for name, description in GROUPS.items():
            cognito.UserPoolGroup(
                self,
                f"Group{name.title()}",
                user_pool=self.user_pool,
                group_name=name,
                description=description,
            )
        self.client = self.user_pool.add_client(
            "WebClient",
            generate_secret=False,
            auth_flows=cognito.AuthFlow(user_srp=True),
            prevent_user_existence_errors=True,
            access_token_validity=Duration.hours(1),
            id_token_validity=Duration.hours(1),
            refresh_token_validity=Duration.days(1),
            enable_token_revocation=True,
        )
        authorizer = authorizers.HttpUserPoolAuthorizer(
            "CognitoJwt", self.user_pool, user_pool_clients=[self.client]
        )
        cors = (
            apigwv2.CorsPreflightOptions(
                allow_origins=list(config.api_cors_origins),
                allow_methods=[apigwv2.CorsHttpMethod.GET, apigwv2.CorsHttpMethod.POST],
                allow_headers=["authorization", "content-type"],
                max_age=Duration.hours(1),
            )
            if config.api_cors_origins
            else None
        )
        self.http_api = apigwv2.HttpApi(
            self,
            "HttpApi",
            api_name=f"msds-{config.stage}",
            description="msds: uploads, documents, search and reviews",
            default_authorizer=authorizer,
            create_default_stage=False,
            cors_preflight=cors,
        )
        access_logs = logs.LogGroup(
            self,
            "AccessLogs",
            retention=logs.RetentionDays.ONE_YEAR,
            encryption_key=key,
            removal_policy=RemovalPolicy.DESTROY,
        )
        self.stage = apigwv2.HttpStage(
            self,
            "DefaultStage",
            http_api=self.http_api,
            stage_name="$default",
            auto_deploy=True,
            access_log_settings=_AccessLogs(access_logs),
            throttle=apigwv2.ThrottleSettings(rate_limit=50, burst_limit=100),
        )
        integrations_by_role: dict[Role, integrations.HttpLambdaIntegration] = {}
        for route in ROUTES:
            if route.role not in integrations_by_role:
                integrations_by_role[route.role] = integrations.HttpLambdaIntegration(
                    f"{route.role.value.title().replace('_', '')}Integration", handlers[route.role]
                )
            self.http_api.add_routes(
                path=route.path, methods=[route.method], integration=integrations_by_role[route.role]
            )
        self.url = self.stage.url
