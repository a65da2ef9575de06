"""Named errors of the evaluation package."""

from __future__ import annotations


class EvaluationInputError(Exception):
    """A label or prediction input cannot be used for scoring; the message names the file, line or id."""

    code = "evaluation_input"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
