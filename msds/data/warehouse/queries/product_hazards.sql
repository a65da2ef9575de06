-- Hazard inventory of the finished products: the proposed hazard statements of each product.
SELECT p.product_id, p.product_name, p.signal_word, h.code, h.category, st.text_en
FROM wh_products p
JOIN wh_hazards h ON h.owner_kind = 'product' AND h.owner_id = p.product_id
LEFT JOIN wh_statements st ON st.code = h.code
ORDER BY p.product_id, h.code
