"""Training and test data for the vision model, made here: artwork, compositing onto generated SDS pages,
handwriting, hard negatives and degradations. Pure Pillow/NumPy; the official SVG artwork needs the
training extras (``requirements-train.txt``: cairosvg, ghs-hazard-pictogram)."""
