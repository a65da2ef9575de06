"""Training of the vision classifiers (PyTorch, training only: ``requirements-train.txt``). The runtime
never imports this package."""
