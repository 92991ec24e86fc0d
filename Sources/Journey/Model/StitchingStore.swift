/// Where replay runs and privacy deletions are kept (`Storage` implements it in the catalog database, migration
/// `journey-v4-stitching`). Separate from `JourneyStore`: connections and data views do not depend on it.
public protocol StitchingStore: Sendable {
    /// Inserts or replaces a run.
    func saveRun(_ run: StitchingRun) async throws(JourneyError)
    /// Inserts a scheduled run unless its connection already has a run for `run.slot`, or one that is not final;
    /// true when inserted (one transaction, so two schedulers never both claim a slot).
    func claimScheduledRun(_ run: StitchingRun) async throws(JourneyError) -> Bool
    func run(id: String) async throws(JourneyError) -> StitchingRun?
    /// A connection's runs, newest first.
    func runs(connectionId: String) async throws(JourneyError) -> [StitchingRun]
    /// Every run that is `queued` or `running`.
    func unfinishedRuns() async throws(JourneyError) -> [StitchingRun]

    /// Records a deletion (a transient id already forgotten for the connection is kept once: returns the stored one).
    func saveDeletion(_ deletion: PrivacyDeletion) async throws(JourneyError) -> PrivacyDeletion
    /// A connection's deletions, oldest first.
    func deletions(connectionId: String) async throws(JourneyError) -> [PrivacyDeletion]
}

extension StitchingStore {
    /// The transient ids connection `connectionId`'s privacy deletions forgot.
    public func forgottenIds(connectionId: String) async throws(JourneyError) -> Set<String> {
        Set(try await deletions(connectionId: connectionId).map(\.transientId))
    }
}
