import Destinations
public import PGP

/// Everything one run needs: the flow, its source and target, the run id and the slot it serves.
public struct ExportJob: Sendable, Hashable {
    public var flow: Flow
    public var source: SourceConnection
    public var target: TargetConnection
    /// Reusing the id of a failed run retries it: same folders, same file names.
    public var runId: String
    /// Epoch seconds; names the `exportTime=` folder.
    public var scheduledTime: Int64
    /// The destination-relative folder the dataset folders go under (`ResolvedDestination.pathPrefix`);
    /// defaults to the target's `path`.
    public var pathPrefix: String
    /// The batch sequences per dataset id a backfill exports (nil: the planner's full or incremental choice).
    public var selection: ExportPlanner.Selection?
    /// When set, every part is encrypted to this OpenPGP key (its name gets `.gpg`); manifests stay plain.
    public var encryptTo: PGPRecipient?

    public init(
        flow: Flow, source: SourceConnection, target: TargetConnection, runId: String, scheduledTime: Int64,
        pathPrefix: String? = nil, selection: ExportPlanner.Selection? = nil, encryptTo: PGPRecipient? = nil
    ) {
        self.flow = flow
        self.source = source
        self.target = target
        self.runId = runId
        self.scheduledTime = scheduledTime
        self.pathPrefix = pathPrefix ?? target.path
        self.selection = selection
        self.encryptTo = encryptTo
    }
}
