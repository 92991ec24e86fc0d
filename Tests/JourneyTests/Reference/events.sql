-- The demo events as Outflow's report engine sees them: one row per event with its stitched person and session.
--
-- Stitching (field-based, ecid = persistent id, crmId = transient id):
--   live:   an event with a crmId is that person; an anonymous event gets the crmId last seen on its device (ecid)
--           at or before it;
--   replay: an anonymous event before its device's first login, at most {replay_days} days before that login,
--           goes to the person of that first login;
--   otherwise the event's person is its ecid. {person} picks the stitched person or the plain ecid.
-- Sessions: per person in time order, a new session starts when more than {timeout_minutes} minutes passed since
-- the person's previous event (an event exactly at the timeout stays in the session).
-- Ties in time are ordered by the event id (Outflow orders them by load position; the demo has none per person).
CREATE VIEW events AS
WITH raw AS (
    SELECT _id AS eid, ecid, crmId, epoch_us("timestamp") AS ts,
           marketing.channel AS channel, marketing.trackingCode AS code, web.webPageDetails.name AS page,
           CAST(commerce."order".priceTotal AS DOUBLE) AS revenue
    FROM read_parquet({files})
), live AS (
    SELECT *, last_value(crmId IGNORE NULLS) OVER (
        PARTITION BY ecid ORDER BY ts, eid ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS live_id
    FROM raw
), first_login AS (
    SELECT ecid, min(ts) AS login_ts, arg_min(crmId, ts) AS login_id FROM raw WHERE crmId IS NOT NULL GROUP BY ecid
), stitched AS (
    SELECT l.*, coalesce(
        l.live_id,
        CASE WHEN f.login_ts - l.ts <= {replay_days} * 86400000000 THEN f.login_id END,
        l.ecid) AS stitched_id
    FROM live l LEFT JOIN first_login f USING (ecid)
), personal AS (
    SELECT *, {person} AS person FROM stitched
), marked AS (
    SELECT *, CASE WHEN ts - lag(ts) OVER (PARTITION BY person ORDER BY ts, eid) <= {timeout_minutes} * 60000000
                   THEN 0 ELSE 1 END AS new_session
    FROM personal
)
SELECT *, sum(new_session) OVER (PARTITION BY person ORDER BY ts, eid ROWS UNBOUNDED PRECEDING) AS session_no
FROM marked
