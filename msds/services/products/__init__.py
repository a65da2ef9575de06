"""Finished products: bills of materials, the supplier sheets behind them, traceability, classification
proposals and label elements (issue: consolidating supplier sheets into a product's own SDS)."""
