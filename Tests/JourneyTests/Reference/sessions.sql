-- Sessions per item: the distinct (person, session) pairs with at least one event whose {dimension} is the item
-- ('Unspecified' for events without a value); the total is the distinct sessions overall.
SELECT coalesce({dimension}, 'Unspecified') AS item, count(DISTINCT (person, session_no)) AS value
FROM events GROUP BY 1
UNION ALL
SELECT '__total__', count(DISTINCT (person, session_no)) FROM events
