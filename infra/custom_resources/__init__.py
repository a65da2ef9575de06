"""Deploy-time handlers of the stack's custom resources (each module is a Lambda handler; no msds import)."""
