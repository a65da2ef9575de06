"""The warehouse: a star schema of supplier sheets and finished products for analysis (DuckDB locally,
Amazon Redshift on AWS), loaded whole and idempotently, with ready queries."""
