"""Physical names that a retried deploy cannot collide with.

A resource that CloudFormation keeps after a rolled-back create (a retained Redshift namespace) or that a
service reserves for a while after deletion would block the next attempt if its name were fixed. These names
carry the last group of the stack id's uuid: lower-case hex, new for every stack created, the same for every
update of that stack.
"""

from __future__ import annotations

from aws_cdk import Fn, Stack


def stack_suffix(stack: Stack) -> str:
    """The stack id's last uuid group (12 lower-case hex digits), as a deploy-time token."""
    stack_uuid = Fn.select(2, Fn.split("/", stack.stack_id))
    return Fn.select(4, Fn.split("-", stack_uuid))


def unique_name(stack: Stack, *parts: str) -> str:
    """``<parts>-<stack suffix>`` joined by '-': lower-case if the parts are (within Redshift's and
    SageMaker's name patterns), at most ``len(parts) + 13`` characters longer than the parts."""
    return Fn.join("-", [*parts, stack_suffix(stack)])
