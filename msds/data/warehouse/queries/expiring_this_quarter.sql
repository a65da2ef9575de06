-- Sheets behind finished products that reach their check or replace age within the quarter of :as_of.
SELECT due.document_id, due.supplier_name, due.product_name, due.revision_date, due.due_date, due.kind,
       COUNT(DISTINCT c.product_id) AS products
FROM (
  SELECT d.document_id, s.supplier_name, d.product_name, d.revision_date,
         ADD_YEARS(d.revision_date, :check_years) AS due_date, 'check' AS kind
  FROM wh_documents d LEFT JOIN wh_suppliers s ON s.supplier_key = d.supplier_key
  UNION ALL
  SELECT d.document_id, s.supplier_name, d.product_name, d.revision_date,
         ADD_YEARS(d.revision_date, :replace_years) AS due_date, 'replace' AS kind
  FROM wh_documents d LEFT JOIN wh_suppliers s ON s.supplier_key = d.supplier_key
) due
JOIN wh_components c ON c.document_id = due.document_id
WHERE due.due_date >= CAST(DATE_TRUNC('quarter', CAST(:as_of AS DATE)) AS DATE)
  AND due.due_date < ADD_MONTHS(CAST(DATE_TRUNC('quarter', CAST(:as_of AS DATE)) AS DATE), 3)
GROUP BY due.document_id, due.supplier_name, due.product_name, due.revision_date, due.due_date, due.kind
ORDER BY due.due_date, due.supplier_name
