"""SageMaker hosting of the vision model: the model package (model.tar.gz with the inference handler) and
the training-job definition."""
