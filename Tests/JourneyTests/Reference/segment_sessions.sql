-- Sessions per item within a session-container segment: "sessions with a page view of {page}" includes every event
-- of each (person, session) with at least one event whose page name equals {page} (case-insensitively, as CJA
-- compares strings). Sessions per item: the distinct included sessions with an event whose {dimension} is the item
-- ('Unspecified' for events without a value); the total is the distinct included sessions overall.
WITH included AS (
    SELECT * FROM events
    WHERE (person, session_no) IN (SELECT person, session_no FROM events WHERE lower(page) = lower('{page}'))
)
SELECT coalesce({dimension}, 'Unspecified') AS item, count(DISTINCT (person, session_no)) AS value
FROM included GROUP BY 1
UNION ALL
SELECT '__total__', count(DISTINCT (person, session_no)) FROM included
