import Foundation
import NIOPosix

extension CalculatedMetric: JourneyVersioned {}

extension JourneyService {
    /// The store's calculated metrics, when it keeps them (the catalog database's store does).
    func calculatedMetricStore() throws(JourneyError) -> any CalculatedMetricStore {
        guard let store = store as? any CalculatedMetricStore else {
            throw JourneyError(.io, "this store keeps no calculated metrics")
        }
        return store
    }

    /// The sandbox's calculated metrics, those of data view `dataId` when given.
    public func calculatedMetrics(sandbox: String, dataId: String? = nil) async throws(JourneyError)
        -> [CalculatedMetric]
    {
        let all = try await calculatedMetricStore().calculatedMetrics(sandbox: sandbox)
        guard let dataId else { return all }
        return all.filter { $0.dataId == dataId }
    }

    /// The calculated metric `id` of `sandbox`, else `.notFound`.
    public func calculatedMetric(id: String, sandbox: String) async throws(JourneyError) -> CalculatedMetric {
        guard let metric = try await calculatedMetricStore().calculatedMetric(id: id, sandbox: sandbox) else {
            throw JourneyError(.notFound, "calculated metric '\(id)' not found")
        }
        return metric
    }

    /// Validates and stores a new calculated metric (a fresh `cm_…` id, version 1) on a data view of `sandbox`
    /// (`dataId` by id or name).
    public func createCalculatedMetric(_ draft: CalculatedMetric, sandbox: String) async throws(JourneyError)
        -> CalculatedMetric
    {
        var metric = draft.created(prefix: "cm_", at: clock())
        try await validate(&metric, sandbox: sandbox)
        return try await calculatedMetricStore().saveCalculatedMetric(metric, sandbox: sandbox, ifMatch: nil)
    }

    /// Replaces calculated metric `id` when its version is `ifMatch` (`.conflict` otherwise).
    public func updateCalculatedMetric(_ draft: CalculatedMetric, id: String, sandbox: String, ifMatch: Int)
        async throws(JourneyError) -> CalculatedMetric
    {
        var metric = draft.replacing(try await calculatedMetric(id: id, sandbox: sandbox), at: clock())
        try await validate(&metric, sandbox: sandbox)
        return try await calculatedMetricStore().saveCalculatedMetric(metric, sandbox: sandbox, ifMatch: ifMatch)
    }

    /// Deletes calculated metric `id`; `.conflict` while another calculated metric's formula names it.
    public func deleteCalculatedMetric(id: String, sandbox: String) async throws(JourneyError) {
        _ = try await calculatedMetric(id: id, sandbox: sandbox)
        let users = try await calculatedMetrics(sandbox: sandbox).filter { other in
            other.id != id
                && ((try? Formula.parse(other.definition.formula, path: "").metricIds.contains(id)) ?? false)
        }
        guard users.isEmpty else {
            throw JourneyError(
                .conflict, "calculated metric '\(id)' is used by \(users.map(\.id).joined(separator: ", "))")
        }
        try await calculatedMetricStore().deleteCalculatedMetric(id: id, sandbox: sandbox)
    }

    /// Checks `metric` against its data view (resolving `dataId` by id or name to the id).
    func validate(_ metric: inout CalculatedMetric, sandbox: String) async throws(JourneyError) {
        let view: DataView?
        do {
            view = try await dataView(metric.dataId, sandbox: sandbox)
        } catch  where error.code == .notFound {
            view = nil
        }
        if let view { metric.dataId = view.id }
        let others = try await calculatedMetrics(sandbox: sandbox)
        try JourneyValidator.validate(metric, dataView: view, calculated: others)
    }

    /// The sandbox's calculated metrics when `request` names a metric that is not one of `dataView`'s (none
    /// otherwise, and none when the store keeps no calculated metrics).
    func calculatedMetrics(for request: ReportRequest, dataView: DataView, sandbox: String) async throws(JourneyError)
        -> [CalculatedMetric]
    {
        guard request.metricContainer.metrics.contains(where: { dataView.metric($0.id) == nil }),
            let store = store as? any CalculatedMetricStore
        else { return [] }
        return try await store.calculatedMetrics(sandbox: sandbox)
    }
}

extension JourneyService {
    /// The calculated metric draft in the JSON file at `path` (CJA's shape), read on NIO's blocking pool;
    /// `.invalid` naming the JSON path that does not decode, `.io` when the file cannot be read.
    public func calculatedMetricDraft(file path: String) async throws(JourneyError) -> CalculatedMetricDraft {
        let data: Data
        do {
            data = try await pool.runIfActive { try Data(contentsOf: URL(fileURLWithPath: path)) }
        } catch {
            throw JourneyError(.io, "cannot read \(path): \(error)", field: "file")
        }
        do {
            return try JSONDecoder().decode(CalculatedMetricDraft.self, from: data)
        } catch let error as DecodingError {
            throw .invalid(Self.jsonPath(error), "\(path) is not a calculated metric: \(error)")
        } catch {
            throw .invalid("file", "\(path) is not JSON")
        }
    }

    /// The JSON path (`definition.formula`) a decoding error points at.
    static func jsonPath(_ error: DecodingError) -> String {
        let keys: [any CodingKey]
        switch error {
        case .keyNotFound(let key, let context): keys = context.codingPath + [key]
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            keys = context.codingPath
        @unknown default: keys = []
        }
        let path = keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
        return path.hasPrefix(".") ? String(path.dropFirst()) : (path.isEmpty ? "file" : path)
    }
}
