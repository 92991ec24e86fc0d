import Foundation

// The Flow Service's rules on top of any `FlowStore`: what is validated and sealed before it is stored.
extension FlowStore {
    /// Stores a base connection; its credentials are encrypted (AES-GCM, the credential key, bound to the
    /// connection's id) apart from the document and never come back from `baseConnection(id:)`.
    public func saveBaseConnection(_ connection: BaseConnection) async throws(ExportsError) {
        try ExportValidator.validate(connection)
        try await storeBaseConnection(
            connection.redacted, sealedCredentials: try seal(connection.authParams, connectionId: connection.id))
    }

    /// The credentials of a base connection, for building its destination (never for API responses).
    public func credentials(connectionId: String) async throws(ExportsError) -> [String: String] {
        guard let sealed = try await sealedCredentials(connectionId: connectionId) else { return [:] }
        let plain = try cipher.open(sealed, connectionId: connectionId)
        do {
            return try JSONDecoder().decode([String: String].self, from: Data(plain))
        } catch {
            throw ExportsError(.encoding, "stored credentials of \(connectionId) are unreadable")
        }
    }

    /// The base connection with its decrypted credentials, for building its destination only: never return it
    /// from the API or write it to logs or run records (use `baseConnection(id:)` for those).
    public func deliverableBaseConnection(id: String) async throws(ExportsError) -> BaseConnection? {
        guard var base = try await baseConnection(id: id) else { return nil }
        base.authParams = try await credentials(connectionId: id)
        return base
    }

    /// Stores a target connection after validating it against its base connection's spec.
    public func saveTargetConnection(_ target: TargetConnection) async throws(ExportsError) {
        guard let base = try await baseConnection(id: target.baseConnectionId) else {
            throw ExportsError(
                .notFound, "base connection \(target.baseConnectionId) does not exist", field: "baseConnectionId")
        }
        try ExportValidator.validate(target, connectionSpecId: base.connectionSpecId)
        try await storeTargetConnection(target)
    }

    /// Creates a flow (version 1) or updates one: with `ifMatch`, the stored etag must equal it
    /// (`.conflict`, field `If-Match`, otherwise). Returns the stored flow with its new version.
    public func saveFlow(_ flow: Flow, ifMatch: String? = nil) async throws(ExportsError) -> Flow {
        try ExportValidator.validate(flow.scheduleParams)
        return try await storeFlow(flow, ifMatch: ifMatch)
    }

    /// Stores a whole flow set-up in one transaction: the target connection always (its options may change), and,
    /// unless the flow exists, the base connection with its credentials, the source connection and the flow
    /// (version 1). Returns the stored flow (the existing one, watermark untouched, when it was there).
    public func saveFlowSetup(
        base: BaseConnection, source: SourceConnection, target: TargetConnection, flow: Flow
    ) async throws(ExportsError) -> Flow {
        try ExportValidator.validate(base)
        try ExportValidator.validate(target, connectionSpecId: base.connectionSpecId)
        try ExportValidator.validate(flow.scheduleParams, onDemandAllowed: true)
        return try await storeFlowSetup(
            base: base.redacted, sealedCredentials: try seal(base.authParams, connectionId: base.id), source: source,
            target: target,
            flow: flow)
    }

    /// Enables or disables a flow (AEP `POST /flows/{id}/action?op=enable|disable`); a disabled flow is never
    /// scheduled and refuses ad-hoc runs. Returns the stored flow (its version bumps on a change).
    public func setFlowEnabled(id: String, _ enabled: Bool) async throws(ExportsError) -> Flow {
        guard var flow = try await flow(id: id) else { throw ExportsError(.notFound, "flow \(id) does not exist") }
        guard flow.enabled != enabled else { return flow }
        flow.enabled = enabled
        return try await saveFlow(flow, ifMatch: flow.etag)
    }

    /// Flows exporting the dataset (by id), in any sandbox.
    public func flows(exportingDatasetId datasetId: String) async throws(ExportsError) -> [Flow] {
        try await flows(exportingDatasetId: datasetId, datasetName: nil, sandbox: nil)
    }

    /// Every run of every flow, newest first.
    public func runsNewestFirst() async throws(ExportsError) -> [ExportRun] { try await runsNewestFirst(flowId: nil) }

    private func seal(_ credentials: [String: String], connectionId: String) throws(ExportsError) -> String {
        let plain: Data
        do {
            plain = try JSONEncoder().encode(credentials)
        } catch {
            throw ExportsError(.encoding, "cannot encode credentials: \(error)", underlying: error)
        }
        return try cipher.seal(Array(plain), connectionId: connectionId)
    }
}
