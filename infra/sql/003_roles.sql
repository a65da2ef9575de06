-- Database roles for the functions, granted through IAM: Redshift Serverless gives an IAM role tagged
-- RedshiftDbRoles=<role> that database role when it connects with temporary credentials (the Data API without
-- a secret). The publishing function is tagged msds_writer; people and tools that only read get msds_reader.
-- CREATE ROLE has no IF NOT EXISTS: the custom resource accepts "already exists" for it.

CREATE ROLE msds_writer;

CREATE ROLE msds_reader;

GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ROLE msds_writer;

GRANT SELECT ON ALL TABLES IN SCHEMA public TO ROLE msds_reader;

ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ROLE msds_writer;

ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO ROLE msds_reader;
