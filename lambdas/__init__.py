"""Thin AWS Lambda handlers: validate the event into a model, call msds, return the model as JSON.

One module per pipeline step, named after the step (``ReadText`` -> ``lambdas.read_text``), plus the functions
that start the workflow and resume it (Textract and A2I callbacks) and the catch path. Every module exposes
``handler(event, context)``. Only this package imports Powertools' logger, tracer and metrics.
"""
