"""The AWS host of the pipeline: a CDK stack composing one construct per concern.

Nothing in here runs in a Lambda: the handlers live in ``lambdas/`` and the product code in ``msds/``.
``infra/custom_resources/`` is the one exception: deploy-time handlers with no dependency on ``msds``.
"""
