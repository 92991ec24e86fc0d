-- Occurrences by a profile attribute (the demo's `loyalty_tier`: `customer_profiles.loyaltyTier`). The demo
-- connection is stitched, so the profile (keyed by its person id field `crmId`) joins on the event's transient id
-- `crmId`: authenticated events get their customer's tier, anonymous ones are 'Unspecified'. One profile row per id
-- (the smallest value when several), joined LEFT so every event counts exactly once.
SELECT coalesce(p.loyaltyTier, 'Unspecified') AS item, count(*) AS occurrences
FROM read_parquet({events}) AS e
LEFT JOIN (SELECT crmId, min(loyaltyTier) AS loyaltyTier FROM read_parquet({profiles}) GROUP BY crmId) AS p
    ON p.crmId = e.crmId
GROUP BY 1
