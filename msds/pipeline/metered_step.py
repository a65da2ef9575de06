"""Running a step with its billable units kept in the pipeline state and the record.

Both hosts run steps through :func:`run_metered`. What the adapters reported while the step ran replaces the
step's earlier figures (so a retried or resumed step never counts twice), and the record, once extracted,
carries the document's metering: the Route step stores it with the record in the repository.
"""

from __future__ import annotations

from models.metering import BillableUsage
from models.steps import PipelineState
from msds.pipeline.services import PipelineServices
from msds.pipeline.steps import Step


def run_metered(step: Step, state: PipelineState, services: PipelineServices) -> PipelineState:
    """Run ``step`` and keep the units its adapters reported as the step's figures."""
    services.meter.reset()
    state = step.run(state, services)
    return record_step_usage(state, step.name, services.meter.take())


def record_step_usage(state: PipelineState, step_name: str, usage: BillableUsage) -> PipelineState:
    """Set ``step_name``'s figures in the state's metering (replacing earlier ones) and in the record."""
    state.metering = state.metering.with_step(step_name, usage)
    if state.record is not None:
        state.record.metering = state.metering
    return state
