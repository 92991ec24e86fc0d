-- Occurrences by a derived field (the demo's `site_section`): the URL's path (URL Parse: what follows
-- `scheme://host[:port]` up to `?` or `#`, null when empty), then Case When, first matching rule wins: a path
-- starting `/p/` is 'Products', `/guides/` is 'Guides', `/cart` or a path starting `/checkout` is 'Checkout', and
-- everything else (also no URL) 'Other'.
WITH paths AS (
    SELECT nullif(regexp_extract(web.webPageDetails.URL, '^[A-Za-z][A-Za-z0-9+.-]*://[^/?#]*([^?#]*)', 1), '') AS path
    FROM read_parquet({events})
)
SELECT CASE
        WHEN starts_with(path, '/p/') THEN 'Products'
        WHEN starts_with(path, '/guides/') THEN 'Guides'
        WHEN path = '/cart' OR starts_with(path, '/checkout') THEN 'Checkout'
        ELSE 'Other'
    END AS item,
    count(*) AS occurrences
FROM paths
GROUP BY 1
