"""The web app's front door: an API Gateway HTTP API whose ``$default`` route sends every request to the
web function (``lambdas.web``: the pages and the JSON API of ``msds.web``), and the Cognito user pool people
sign in with, in the groups supplier, compliance, reviewer and admin.

The app authenticates every request itself, so the route has no authorizer: a browser signs in on the pool's
hosted sign-in pages (authorization code with PKCE, through the pool's domain and the app client below, no
client secret) and holds a session cookie; an ERP system sends a Cognito token as ``Authorization: Bearer``,
which the app verifies against the pool's keys (issuer, app client, token use, expiry). Which group may do
what, and a supplier seeing only its own sheets (``custom:supplier_id``, a claim of the ID token only), is the
app's business too (``msds.services.api_access``).

The pool's domain prefix is ``msds-<stage>-`` and the last part of the stack's id (a UUID CloudFormation makes
per stack), so two deployments never collide in the Region's shared namespace.
"""

from __future__ import annotations

import jsii
from aws_cdk import Duration, Fn, RemovalPolicy, Stack
from aws_cdk import aws_apigateway as apigw
from aws_cdk import aws_apigatewayv2 as apigwv2
from aws_cdk import aws_apigatewayv2_integrations as integrations
from aws_cdk import aws_cognito as cognito
from aws_cdk import aws_kms as kms
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_logs as logs
from constructs import Construct

from infra.config import InfraConfig
from infra.nag import suppress

GROUPS = {
    "supplier": "Suppliers: upload their sheets and see only their own documents (custom:supplier_id)",
    "compliance": "Compliance staff: search, consolidate finished products, export",
    "reviewer": "Reviewers: work the queue of low-confidence sheets",
    "admin": "Administrators: everything reviewers and compliance staff do, and reassign review tasks",
}
CALLBACK_PATH = "auth/callback"  # msds.web.pages_auth.CALLBACK_PATH, relative to the API's URL
SCOPES = (cognito.OAuthScope.OPENID, cognito.OAuthScope.EMAIL, cognito.OAuthScope.PROFILE)

ACCESS_LOG_FORMAT = apigw.AccessLogFormat.custom(
    '{"requestId":"$context.requestId","ip":"$context.identity.sourceIp","time":"$context.requestTime",'
    '"method":"$context.httpMethod","path":"$context.path","status":"$context.status",'
    '"latencyMs":"$context.responseLatency","error":"$context.error.message",'
    '"integrationError":"$context.integrationErrorMessage"}'
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
    def __init__(self, scope: Construct, construct_id: str, *, config: InfraConfig, key: kms.IKey) -> None:
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
            description="msds web app: pages and JSON API for suppliers, compliance staff and reviewers",
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
        self.url = self.stage.url  # https://<api id>.execute-api.<region>.amazonaws.com/
        self.origin = self.http_api.api_endpoint  # the same without the trailing slash

        stack_uuid = Fn.select(2, Fn.split("/", Stack.of(self).stack_id))
        self.domain = self.user_pool.add_domain(
            "SignIn",
            cognito_domain=cognito.CognitoDomainOptions(
                domain_prefix=Fn.join("-", ["msds", config.stage, Fn.select(4, Fn.split("-", stack_uuid))])
            ),
            managed_login_version=cognito.ManagedLoginVersion.CLASSIC_HOSTED_UI,
        )
        self.client = self.user_pool.add_client(
            "WebClient",
            generate_secret=False,  # a public client: the authorization code is protected by PKCE
            auth_flows=cognito.AuthFlow(user_srp=True),  # scripts may fetch tokens with SRP
            o_auth=cognito.OAuthSettings(
                flows=cognito.OAuthFlows(authorization_code_grant=True),
                scopes=list(SCOPES),
                callback_urls=[f"{self.url}{CALLBACK_PATH}"],
                logout_urls=[self.url],
            ),
            supported_identity_providers=[cognito.UserPoolClientIdentityProvider.COGNITO],
            prevent_user_existence_errors=True,
            access_token_validity=Duration.hours(1),
            id_token_validity=Duration.hours(1),
            refresh_token_validity=Duration.days(1),
            enable_token_revocation=True,
        )
        self.sign_in_domain = self.domain.base_url()  # https://<prefix>.auth.<region>.amazoncognito.com

    def serve(self, web: lambda_.IFunction) -> apigwv2.HttpRoute:
        """The ``$default`` route: every request, every method, to the web function."""
        route = apigwv2.HttpRoute(
            self,
            "DefaultRoute",
            http_api=self.http_api,
            route_key=apigwv2.HttpRouteKey.DEFAULT,
            integration=integrations.HttpLambdaIntegration("WebIntegration", web),
        )
        suppress(
            route,
            "AwsSolutions-APIG4",
            "The web app authenticates every request itself: a session from Cognito's hosted sign-in "
            "(authorization code with PKCE) or a Cognito JWT as a bearer token, verified against the user "
            "pool's keys (issuer, app client, token use, expiry); its sign-in pages must be reachable first.",
        )
        suppress(
            route,
            "AwsSolutions-COG4",
            "The route serves the hosted sign-in's callback and the pages before anyone is signed in; the "
            "app itself checks the Cognito session or JWT of every other request (msds.web.auth).",
        )
        return route
