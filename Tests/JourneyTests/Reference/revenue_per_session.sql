-- Revenue per session by {dimension}: the calculated metric divide(revenue, sessions), where revenue is the sum of
-- the order's priceTotal on the events whose {dimension} is the item (no attribution, 'Unspecified' for events
-- without a value) and sessions the distinct (person, session) pairs with an event of the item. A row divides its
-- own revenue by its own sessions (0 where sessions are 0, as Adobe divides by zero); the total divides all revenue
-- by the distinct sessions overall (not the sum of the rows' sessions).
WITH per_item AS (
    SELECT coalesce({dimension}, 'Unspecified') AS item, coalesce(sum(revenue), 0) AS revenue,
           count(DISTINCT (person, session_no)) AS sessions
    FROM events GROUP BY 1
)
SELECT item, CASE WHEN sessions = 0 THEN 0 ELSE revenue / sessions END FROM per_item
UNION ALL
SELECT '__total__', coalesce(sum(revenue), 0) / count(DISTINCT (person, session_no)) FROM events
