"""Pydantic models of the SDS record, step inputs/outputs and API bodies. No I/O."""
