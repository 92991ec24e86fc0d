-- Revenue (commerce.order.priceTotal) attributed to {dimension}. For each order (an event with a priceTotal), its
-- touch points are the same person's events with a {dimension} value at or before the order and within the
-- lookback ({lookback}: the order's session, or at most N days before it). The model's weight splits the revenue
-- over the touch points, k = 1..n in time order ({weight}):
--   last touch  k = n gets 1;   first touch  k = 1 gets 1;   linear  1/n each;
--   time decay  2^(-age / half-life) normalised over the order's touch points ({half_life_us} microseconds).
-- An order without touch points credits 'Unspecified'. The total is the revenue of all orders.
WITH orders AS (
    SELECT eid, person, session_no, ts, revenue FROM events WHERE revenue IS NOT NULL
), touches AS (
    SELECT eid, person, session_no, ts, {dimension} AS item FROM events WHERE {dimension} IS NOT NULL
), joined AS (
    SELECT o.eid AS oid, o.revenue, o.ts AS ots, t.item, t.ts AS tts,
           row_number() OVER (PARTITION BY o.eid ORDER BY t.ts, t.eid) AS k,
           count(*) OVER (PARTITION BY o.eid) AS n,
           sum(pow(2, -(o.ts - t.ts) / {half_life_us})) OVER (PARTITION BY o.eid) AS decay_total
    FROM orders o JOIN touches t ON t.person = o.person AND t.ts <= o.ts AND {lookback}
), credited AS (
    SELECT item, revenue * ({weight}) AS credit FROM joined
    UNION ALL
    SELECT 'Unspecified', revenue FROM orders o WHERE NOT EXISTS (SELECT 1 FROM joined j WHERE j.oid = o.eid)
)
SELECT item, sum(credit) AS value FROM credited GROUP BY item
UNION ALL
SELECT '__total__', sum(revenue) FROM orders
