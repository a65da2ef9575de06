"""cdk-nag suppressions: each names the rule, the resources it covers and why the finding is accepted.

Every suppression in the stack goes through ``suppress`` so that none is made without a reason, and the list
of them can be read back (``suppressions_of``) for review and for the tests.
"""

from __future__ import annotations

from collections.abc import Sequence

from cdk_nag import NagPackSuppression, NagSuppressions, RegexAppliesTo
from constructs import IConstruct

_MIN_REASON = 20  # cdk-nag's own minimum is 10 characters; a reason should say something.
# The wildcard action groups of CDK's S3 grants (grant_read, grant_read_write, grant_put) and of the KMS
# actions they add for an encrypted bucket, as cdk-nag's AwsSolutions-IAM5 names them.
S3_READ_GRANT_ACTIONS = ("Action::s3:GetObject*", "Action::s3:GetBucket*", "Action::s3:List*")
S3_KMS_WRITE_GRANT_ACTIONS = ("Action::s3:Abort*", "Action::kms:GenerateDataKey*", "Action::kms:ReEncrypt*")


def suppress(
    construct: IConstruct,
    rule: str,
    reason: str,
    *,
    applies_to: Sequence[str] = (),
    children: bool = True,
) -> None:
    """Suppress ``rule`` on ``construct`` (and its children) for ``reason``; ``applies_to`` narrows IAM5/IAM4
    findings to the named wildcard actions or resources (``Action::s3:GetObject*``, ``Resource::*``, or
    ``regex:/<pattern>/g`` for a resource whose logical id is generated)."""
    if len(reason) < _MIN_REASON:
        raise ValueError(f"the suppression of {rule} needs a real reason, not {reason!r}")
    targets: list[str | RegexAppliesTo] = [
        RegexAppliesTo(regex=item.removeprefix("regex:")) if item.startswith("regex:") else item
        for item in applies_to
    ]
    NagSuppressions.add_resource_suppressions(
        construct,
        [NagPackSuppression(id=rule, reason=reason, applies_to=targets or None)],
        apply_to_children=children,
    )
