"""Domain reference catalog: statement codes, official phrases, GHS label rules, signal words, SDS headings.

Pure functions over the reference tables shipped in ``msds/data/ghs``; tables are read lazily on first use.
"""
