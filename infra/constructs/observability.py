"""Observability: alarms into one encrypted SNS topic (optionally mailed), and a dashboard.

Alarms: failed, timed-out and aborted executions of both state machines; any message in the dead-letter
queue; errors and throttles of every function. Logs, traces and metrics come from Powertools in the handlers
(the environment is set in infra/environment.py) and X-Ray tracing on functions and state machines.
"""

from __future__ import annotations

from collections.abc import Mapping

from aws_cdk import Duration
from aws_cdk import aws_cloudwatch as cloudwatch
from aws_cdk import aws_cloudwatch_actions as actions
from aws_cdk import aws_kms as kms
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_sns as sns
from aws_cdk import aws_sns_subscriptions as subscriptions
from aws_cdk import aws_sqs as sqs
from aws_cdk import aws_stepfunctions as sfn
from constructs import Construct

from infra.config import InfraConfig
from infra.environment import METRICS_NAMESPACE, SERVICE_NAME

# Counts the handlers emit (lambdas/*.py, Powertools metrics with the service dimension).
HANDLER_METRICS = (
    "DocumentsReceived",
    "DocumentsRejected",
    "DocumentsFailed",
    "SheetsAccepted",
    "SheetsNeedingReview",
    "ReviewCorrections",
    "TextractPagesSent",
)


class Observability(Construct):
    def __init__(self, scope: Construct, construct_id: str, *, config: InfraConfig, key: kms.IKey) -> None:
        super().__init__(scope, construct_id)
        self.topic = sns.Topic(self, "Alarms", master_key=key, enforce_ssl=True, display_name="msds alarms")
        if config.alarm_email:
            self.topic.add_subscription(subscriptions.EmailSubscription(config.alarm_email))
        self.action = actions.SnsAction(self.topic)
        self.alarms: list[cloudwatch.Alarm] = []
        self.dashboard = cloudwatch.Dashboard(self, "Dashboard", dashboard_name=f"msds-{config.stage}")

    def _alarm(
        self, construct_id: str, metric: cloudwatch.Metric, description: str, threshold: float = 1
    ) -> None:
        alarm = metric.create_alarm(
            self,
            construct_id,
            alarm_description=description,
            threshold=threshold,
            evaluation_periods=1,
            comparison_operator=cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
            treat_missing_data=cloudwatch.TreatMissingData.NOT_BREACHING,
        )
        alarm.add_alarm_action(self.action)
        self.alarms.append(alarm)

    def watch_state_machine(self, name: str, machine: sfn.StateMachine) -> None:
        period = Duration.minutes(5)
        self._alarm(f"{name}Failed", machine.metric_failed(period=period), f"{name}: an execution failed")
        self._alarm(
            f"{name}TimedOut", machine.metric_timed_out(period=period), f"{name}: an execution timed out"
        )
        self._alarm(
            f"{name}Aborted", machine.metric_aborted(period=period), f"{name}: an execution was aborted"
        )
        self.dashboard.add_widgets(
            cloudwatch.GraphWidget(
                title=f"{name} executions",
                left=[
                    machine.metric_started(period=period),
                    machine.metric_succeeded(period=period),
                    machine.metric_failed(period=period),
                ],
            )
        )

    def watch_dead_letters(self, name: str, queue: sqs.IQueue) -> None:
        self._alarm(
            f"{name}NotEmpty",
            queue.metric_approximate_number_of_messages_visible(period=Duration.minutes(5)),
            f"{name}: an event could not be delivered or handled (see the queue's messages)",
        )

    def watch_functions(self, functions: Mapping[str, lambda_.Function]) -> None:
        period = Duration.minutes(5)
        for key, function in functions.items():
            self._alarm(f"{key}Errors", function.metric_errors(period=period), f"{key}: a function error")
            self._alarm(f"{key}Throttles", function.metric_throttles(period=period), f"{key}: throttled")
        self.dashboard.add_widgets(
            cloudwatch.GraphWidget(
                title="Function errors",
                left=[f.metric_errors(period=period, label=k) for k, f in functions.items()],
                width=12,
            ),
            cloudwatch.GraphWidget(
                title="Function duration p90",
                left=[
                    f.metric_duration(period=period, statistic="p90", label=k) for k, f in functions.items()
                ],
                width=12,
            ),
            cloudwatch.GraphWidget(
                title="Sheets and billable units (the handlers' Powertools metrics)",
                left=[
                    cloudwatch.Metric(
                        namespace=METRICS_NAMESPACE,
                        metric_name=name,
                        dimensions_map={"service": SERVICE_NAME},
                        statistic="Sum",
                        period=Duration.hours(1),
                    )
                    for name in HANDLER_METRICS
                ],
                width=24,
            ),
        )
