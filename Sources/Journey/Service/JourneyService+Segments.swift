/// Segments (`/segments`, ids `s_…`): created and updated after their definition compiles against their data view
/// (`dataId`, which must be in the caller's sandbox), stored in the `SegmentStore` beside the journey store, and
/// resolved into reports: a `segmentId` in `globalFilters` or `metricFilters` becomes its stored definition.
extension JourneyService {
    /// The store's segments, when the journey store keeps them too (`Storage`'s does).
    var segmentStore: any SegmentStore {
        get throws(JourneyError) {
            guard let segments = store as? any SegmentStore else {
                throw JourneyError(.io, "this journey store does not keep segments")
            }
            return segments
        }
    }

    /// The sandbox's segments, optionally only those of the data views in `dataIds`.
    public func segments(sandbox: String, dataIds: Set<String> = []) async throws(JourneyError) -> [Segment] {
        try await segmentStore.segments(sandbox: sandbox).filter { dataIds.isEmpty || dataIds.contains($0.dataId) }
    }

    /// The segment `id` of `sandbox`, else `.notFound`.
    public func segment(id: String, sandbox: String) async throws(JourneyError) -> Segment {
        guard let found = try await segmentStore.segment(id: id), found.sandbox == sandbox else {
            throw JourneyError(.notFound, "segment '\(id)' not found")
        }
        return found.segment
    }

    /// Validates and stores a new segment (a fresh `s_…` id, version 1) on a data view of `sandbox`.
    public func createSegment(_ draft: Segment, sandbox: String) async throws(JourneyError) -> Segment {
        let segment = draft.created(prefix: "s_", at: clock())
        try await validate(segment, sandbox: sandbox)
        return try await segmentStore.saveSegment(segment, sandbox: sandbox, ifMatch: nil)
    }

    /// Replaces segment `id` when its version is `ifMatch` (`.conflict` otherwise).
    public func updateSegment(_ draft: Segment, id: String, sandbox: String, ifMatch: Int) async throws(JourneyError)
        -> Segment
    {
        let segment = draft.replacing(try await segment(id: id, sandbox: sandbox), at: clock())
        try await validate(segment, sandbox: sandbox)
        return try await segmentStore.saveSegment(segment, sandbox: sandbox, ifMatch: ifMatch)
    }

    public func deleteSegment(id: String, sandbox: String) async throws(JourneyError) {
        _ = try await segment(id: id, sandbox: sandbox)
        try await segmentStore.deleteSegment(id: id)
    }

    /// A name, and a definition that compiles against the data view `dataId` (errors name `definition…`).
    func validate(_ segment: Segment, sandbox: String) async throws(JourneyError) {
        try JourneyValidator.requireName(segment.name)
        let view: DataView
        do {
            view = try await dataViewById(segment.dataId, sandbox: sandbox)
        } catch  where error.code == .notFound {
            throw .invalid("dataId", "data view '\(segment.dataId)' does not exist in this sandbox")
        }
        let connection = try? await self.connection(id: view.parentDataGroupId, sandbox: sandbox)
        var compiler = SegmentCompiler(dataView: view, connection: connection)
        _ = try compiler.compile(segment.definition, path: "definition")
    }

    /// `request` with every `segmentId` of its global and metric filters replaced by the stored definition (an
    /// unknown id is `.invalid` naming the filter).
    func resolvingSegments(_ request: ReportRequest, sandbox: String) async throws(JourneyError) -> ReportRequest {
        var resolved = request
        for index in resolved.globalFilters.indices {
            let filter = resolved.globalFilters[index]
            guard filter.type == "segment", filter.segmentDefinition == nil, let id = filter.segmentId else { continue }
            resolved.globalFilters[index].segmentDefinition = try await definition(
                id, sandbox: sandbox, field: "globalFilters[\(index)].segmentId")
        }
        for index in (resolved.metricContainer.metricFilters ?? []).indices {
            guard let filter = resolved.metricContainer.metricFilters?[index], filter.type == "segment",
                filter.segmentDefinition == nil, let id = filter.segmentId
            else { continue }
            resolved.metricContainer.metricFilters?[index].segmentDefinition = try await definition(
                id, sandbox: sandbox, field: "metricContainer.metricFilters[\(index)].segmentId")
        }
        return resolved
    }

    private func definition(_ id: String, sandbox: String, field: String) async throws(JourneyError)
        -> SegmentDefinition
    {
        do {
            return try await segment(id: id, sandbox: sandbox).definition
        } catch  where error.code == .notFound {
            throw .invalid(field, "segment '\(id)' does not exist in this sandbox")
        }
    }
}
