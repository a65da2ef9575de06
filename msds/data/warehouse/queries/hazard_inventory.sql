-- Hazard inventory by supplier and product: the hazard statements of every current supplier sheet (not
-- superseded), with how many finished products use the sheet.
SELECT
  s.supplier_name,
  d.product_name,
  d.document_id,
  d.revision_date,
  h.code,
  st.text_en,
  COALESCE(u.products, 0) AS used_in_products
FROM wh_documents d
JOIN wh_hazards h ON h.owner_kind = 'document' AND h.owner_id = d.document_id
LEFT JOIN wh_suppliers s ON s.supplier_key = d.supplier_key
LEFT JOIN wh_statements st ON st.code = h.code
LEFT JOIN (
  SELECT document_id, COUNT(DISTINCT product_id) AS products
  FROM wh_components
  WHERE document_id IS NOT NULL
  GROUP BY document_id
) u ON u.document_id = d.document_id
WHERE d.status <> 'superseded'
ORDER BY s.supplier_name, d.product_name, h.code
