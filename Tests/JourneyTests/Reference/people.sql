-- People per item: the distinct persons with at least one event whose {dimension} is the item ('Unspecified'
-- for events without a value); the total is the distinct persons overall (not the sum of the items).
SELECT coalesce({dimension}, 'Unspecified') AS item, count(DISTINCT person) AS value FROM events GROUP BY 1
UNION ALL
SELECT '__total__', count(DISTINCT person) FROM events
