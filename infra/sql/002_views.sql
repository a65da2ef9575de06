-- Views for the compliance team's questions over the loader's tables (001_tables.sql).
-- CREATE OR REPLACE keeps them repeatable.

-- Which raw materials carry a given hazard statement, with the supplier: the question behind a finished
-- product's own SDS.
CREATE OR REPLACE VIEW sds_hazards AS
SELECT d.document_id, d.product_name, d.supplier_name, d.revision_date, s.code, s.text_en, s.provenance
FROM sds_documents d
JOIN sds_statements s ON s.document_id = d.document_id
WHERE s.kind IN ('H', 'EUH');

-- Where a CAS number occurs, with its printed concentration.
CREATE OR REPLACE VIEW sds_cas_occurrences AS
SELECT d.document_id, d.product_name, d.supplier_name, d.revision_date, c.cas, c.ec, c.name, c.concentration
FROM sds_documents d
JOIN sds_components c ON c.document_id = d.document_id
WHERE c.cas IS NOT NULL;

-- Sheets still waiting for a person, oldest revision first.
CREATE OR REPLACE VIEW sds_review_queue AS
SELECT document_id, file_name, product_name, supplier_name, revision_date, review_reasons
FROM sds_documents
WHERE needs_review;
