extension CatalogExportStore {
    /// The base connection with its decrypted credentials, for building its destination only: never return it
    /// from the API or write it to logs or run records (use `baseConnection(id:)` for those).
    public func deliverableBaseConnection(id: String) async throws(ExportsError) -> BaseConnection? {
        guard var base = try await baseConnection(id: id) else { return nil }
        base.authParams = try await credentials(connectionId: id)
        return base
    }
}
