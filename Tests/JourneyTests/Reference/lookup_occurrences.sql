-- Occurrences by a lookup attribute (the demo's `product_category`: `product_catalog.category`). The connection's
-- lookup matches the catalog's key `SKU` against the event's `productListItems.SKU`; a path through a list reads the
-- list's first element. The catalog gives one row per key (a key on several rows takes the smallest value), joined
-- LEFT so every event counts exactly once; events without a product or a catalog row are the item 'Unspecified'.
SELECT coalesce(c.category, 'Unspecified') AS item, count(*) AS occurrences
FROM read_parquet({events}) AS e
LEFT JOIN (SELECT SKU, min(category) AS category FROM read_parquet({catalog}) GROUP BY SKU) AS c
    ON c.SKU = e.productListItems[1].SKU
GROUP BY 1
