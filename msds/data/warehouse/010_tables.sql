-- The msds warehouse: a star schema of supplier sheets and finished products, one set of SQL files for
-- DuckDB (local host) and Amazon Redshift (AWS host). Dialect differences live in msds.services.warehouse
-- .dialect only: a /*redshift: ...*/ comment is Redshift table options (dropped for DuckDB). Every statement
-- can run again (IF NOT EXISTS). Rows are replaced whole by each load (msds warehouse load), in one
-- transaction, so loading twice leaves the same rows.

-- Dimensions ------------------------------------------------------------------------------------------------

CREATE TABLE IF NOT EXISTS wh_suppliers (
  supplier_key VARCHAR(256) NOT NULL,
  supplier_name VARCHAR(1024),
  country VARCHAR(8),
  PRIMARY KEY (supplier_key)
) /*redshift: DISTSTYLE ALL SORTKEY (supplier_key)*/;

CREATE TABLE IF NOT EXISTS wh_documents (
  document_id CHAR(64) NOT NULL,
  supplier_key VARCHAR(256),
  product_name VARCHAR(1024),
  product_key VARCHAR(2048),
  file_name VARCHAR(1024),
  language VARCHAR(8),
  revision_date DATE,
  version VARCHAR(64),
  status VARCHAR(16),
  needs_review BOOLEAN,
  signal_word VARCHAR(16),
  received_at TIMESTAMP,
  PRIMARY KEY (document_id)
) /*redshift: DISTKEY (document_id) SORTKEY (document_id)*/;

CREATE TABLE IF NOT EXISTS wh_products (
  product_id VARCHAR(64) NOT NULL,
  product_name VARCHAR(300),
  physical_state VARCHAR(8),
  signal_word VARCHAR(16),
  classified BOOLEAN,
  updated_at TIMESTAMP,
  PRIMARY KEY (product_id)
) /*redshift: DISTSTYLE ALL SORTKEY (product_id)*/;

CREATE TABLE IF NOT EXISTS wh_statements (
  code VARCHAR(64) NOT NULL,
  kind VARCHAR(3),
  text_en VARCHAR(4096),
  PRIMARY KEY (code)
) /*redshift: DISTSTYLE ALL SORTKEY (code)*/;

CREATE TABLE IF NOT EXISTS wh_watch_list (
  list_name VARCHAR(128) NOT NULL,
  cas VARCHAR(16) NOT NULL,
  substance_name VARCHAR(1024),
  PRIMARY KEY (list_name, cas)
) /*redshift: DISTSTYLE ALL SORTKEY (cas)*/;

-- Facts ----------------------------------------------------------------------------------------------------

-- A product's components (bill of materials) with the sheet behind each.
CREATE TABLE IF NOT EXISTS wh_components (
  product_id VARCHAR(64) NOT NULL,
  line_no INTEGER NOT NULL,
  supplier_key VARCHAR(256),
  material_name VARCHAR(300),
  supplier_product_code VARCHAR(100),
  cas VARCHAR(16),
  concentration_low DOUBLE PRECISION,
  concentration_high DOUBLE PRECISION,
  document_id CHAR(64),
  link_method VARCHAR(16),
  link_confidence DOUBLE PRECISION,
  PRIMARY KEY (product_id, line_no)
) /*redshift: DISTKEY (product_id) SORTKEY (product_id, line_no)*/;

-- The substances a sheet lists in Section 3.
CREATE TABLE IF NOT EXISTS wh_substances (
  document_id CHAR(64) NOT NULL,
  row_no INTEGER NOT NULL,
  substance_name VARCHAR(1024),
  cas VARCHAR(16),
  ec VARCHAR(16),
  concentration_low DOUBLE PRECISION,
  concentration_high DOUBLE PRECISION,
  unit VARCHAR(16),
  h_codes VARCHAR(1024),
  PRIMARY KEY (document_id, row_no)
) /*redshift: DISTKEY (document_id) SORTKEY (document_id)*/;

-- Hazard statements: a sheet's (owner_kind 'document') or a product's proposal ('product').
CREATE TABLE IF NOT EXISTS wh_hazards (
  owner_kind VARCHAR(8) NOT NULL,
  owner_id VARCHAR(64) NOT NULL,
  code VARCHAR(64) NOT NULL,
  category VARCHAR(64),
  PRIMARY KEY (owner_kind, owner_id, code)
) /*redshift: DISTKEY (owner_id) SORTKEY (owner_kind, owner_id)*/;

CREATE TABLE IF NOT EXISTS wh_pictograms (
  owner_kind VARCHAR(8) NOT NULL,
  owner_id VARCHAR(64) NOT NULL,
  code VARCHAR(8) NOT NULL,
  PRIMARY KEY (owner_kind, owner_id, code)
) /*redshift: DISTKEY (owner_id) SORTKEY (owner_kind, owner_id)*/;

CREATE TABLE IF NOT EXISTS wh_findings (
  document_id CHAR(64) NOT NULL,
  finding_no INTEGER NOT NULL,
  code VARCHAR(64),
  severity VARCHAR(16),
  field VARCHAR(64),
  message VARCHAR(4096),
  PRIMARY KEY (document_id, finding_no)
) /*redshift: DISTKEY (document_id) SORTKEY (document_id)*/;

-- Why a sheet waits for a reviewer, and the fields reviewers corrected.
CREATE TABLE IF NOT EXISTS wh_reviews (
  document_id CHAR(64) NOT NULL,
  review_no INTEGER NOT NULL,
  kind VARCHAR(16),
  code VARCHAR(64),
  field VARCHAR(64),
  message VARCHAR(4096),
  reviewer VARCHAR(256),
  PRIMARY KEY (document_id, review_no)
) /*redshift: DISTKEY (document_id) SORTKEY (document_id)*/;

-- The revisions of each supplier product, and which replaced which.
CREATE TABLE IF NOT EXISTS wh_revisions (
  document_id CHAR(64) NOT NULL,
  product_key VARCHAR(2048),
  revision_date DATE,
  version VARCHAR(64),
  status VARCHAR(16),
  supersedes CHAR(64),
  superseded_by CHAR(64),
  PRIMARY KEY (document_id)
) /*redshift: DISTKEY (document_id) SORTKEY (document_id)*/;

-- Traceability on the load date: the state of the sheet behind each product component.
CREATE TABLE IF NOT EXISTS wh_coverage (
  product_id VARCHAR(64) NOT NULL,
  line_no INTEGER NOT NULL,
  as_of DATE NOT NULL,
  status VARCHAR(16),
  document_id CHAR(64),
  revision_date DATE,
  age_years DOUBLE PRECISION,
  reasons VARCHAR(4096),
  PRIMARY KEY (product_id, line_no)
) /*redshift: DISTKEY (product_id) SORTKEY (product_id, line_no)*/;
