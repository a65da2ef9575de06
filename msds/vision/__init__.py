"""The project's vision model: GHS pictograms and handwritten signatures on rendered page images.

``VisionModel`` (``msds.vision.detector``) runs the trained ONNX classifiers over candidate regions that
``msds.vision.processing`` proposes; nothing is loaded at import time.
"""
