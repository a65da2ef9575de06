-- Finished products that contain a substance of a watch list (e.g. the REACH candidate list), through a
-- component's own CAS number or a substance in the Section 3 of the sheet behind it.
SELECT w.list_name, w.cas, w.substance_name, p.product_id, p.product_name, c.line_no, c.material_name,
       'component' AS found_in, c.concentration_high AS concentration_high
FROM wh_watch_list w
JOIN wh_components c ON c.cas = w.cas
JOIN wh_products p ON p.product_id = c.product_id
UNION ALL
SELECT w.list_name, w.cas, w.substance_name, p.product_id, p.product_name, c.line_no, c.material_name,
       'sheet' AS found_in, c.concentration_high * s.concentration_high / 100.0 AS concentration_high
FROM wh_watch_list w
JOIN wh_substances s ON s.cas = w.cas
JOIN wh_components c ON c.document_id = s.document_id
JOIN wh_products p ON p.product_id = c.product_id
WHERE c.cas IS NULL OR c.cas <> w.cas
ORDER BY 1, 2, 4, 6
