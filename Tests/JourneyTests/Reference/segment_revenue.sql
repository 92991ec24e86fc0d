-- Revenue (priceTotal) attributed last touch with a 30-day lookback to {dimension}, within the session-container
-- segment "sessions with a page view of {page}" (case-insensitive). Only orders of included sessions count, but
-- their touch points are all of the person's events (a segment filters what is counted, not the journey before
-- it): the order's credit goes to the latest event of the same person with a {dimension} value at or before the
-- order and at most 30 days before it; none: 'Unspecified'. The total is the revenue of the included orders.
WITH included AS (
    SELECT * FROM events
    WHERE (person, session_no) IN (SELECT person, session_no FROM events WHERE lower(page) = lower('{page}'))
), orders AS (
    SELECT eid, person, ts, revenue FROM included WHERE revenue IS NOT NULL
), credited AS (
    SELECT o.revenue, (
        SELECT t.{dimension} FROM events t
        WHERE t.person = o.person AND t.{dimension} IS NOT NULL AND t.ts <= o.ts AND t.ts >= o.ts - 30 * 86400000000
        ORDER BY t.ts DESC, t.eid DESC LIMIT 1) AS item
    FROM orders o
)
SELECT coalesce(item, 'Unspecified') AS item, sum(revenue) AS value FROM credited GROUP BY 1
UNION ALL
SELECT '__total__', sum(revenue) FROM orders
