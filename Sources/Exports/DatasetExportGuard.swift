public import Lake

/// Refuses to delete a dataset that an enabled flow exports (Lake cannot see flows; this check sits above it).
/// The REST catalog route and the CLI's `dataset delete` both use it.
public struct DatasetExportGuard: Sendable {
    let store: any FlowStore

    /// A guard over the flows of `store`.
    public init(store: any FlowStore) {
        self.store = store
    }

    /// Ids of the enabled flows exporting `dataset` (matched by id or name), sorted.
    public func blockingFlows(_ dataset: Dataset, sandbox: String) async throws(LakeError) -> [String] {
        do {
            return try await store.flows(exportingDatasetId: dataset.id, datasetName: dataset.name, sandbox: sandbox)
                .filter(\.enabled).map(\.id).sorted()
        } catch {
            throw LakeError(.catalog, "cannot read flows: \(error.message)")
        }
    }

    /// `LakeError.conflict` naming the enabled flows that export `dataset`; returns when none does.
    public func checkDeletable(_ dataset: Dataset, sandbox: String, named idOrName: String) async throws(LakeError) {
        let flows = try await blockingFlows(dataset, sandbox: sandbox)
        guard flows.isEmpty else {
            throw LakeError(
                .conflict,
                "dataset '\(idOrName)' is exported by enabled flow(s) \(flows.joined(separator: ", ")); "
                    + "disable or delete them first")
        }
    }
}
