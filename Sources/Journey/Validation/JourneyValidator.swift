import Columnar
public import Lake

/// Checks connections, data views and report requests before they are stored or run. A pure value: the datasets
/// the definitions name are looked up beforehand (`JourneyService` reads them from the lake off the cooperative
/// pool) and handed in, so the checks do no I/O. Every failure is `JourneyError.invalid` naming the field or
/// component at fault: `dataSets[0].timestampField`, `stitching.replayLookbackDays`, `dimensions[page_name].field`,
/// `metrics[revenue].attribution.lookback` (components by index until their ids are known to be valid and unique).
public struct JourneyValidator: Sendable {
    /// The sandbox's datasets that the definitions name, keyed by the id or name they are named by.
    public let datasets: [String: Dataset]

    public init(datasets: [String: Dataset]) {
        self.datasets = datasets
    }

    /// Checks `connection`: a name, datasets that exist with the fields their type needs (person id, timestamp,
    /// lookup keys) in fitting types, at least one event dataset, and stitching fields in every event dataset.
    public func validate(_ connection: JourneyConnection) throws(JourneyError) {
        try Self.requireName(connection.name)
        guard !connection.dataSets.isEmpty else {
            throw .invalid("dataSets", "a connection needs at least one dataset")
        }
        guard !connection.eventDataSets.isEmpty else {
            throw .invalid("dataSets", "a connection needs at least one event dataset")
        }
        var seen: Set<String> = []
        for (index, entry) in connection.dataSets.enumerated() {
            let path = "dataSets[\(index)]"
            guard let dataset = datasets[entry.datasetId] else {
                throw .invalid(
                    "\(path).datasetId",
                    "dataset '\(entry.datasetId)' does not exist in sandbox '\(connection.sandbox)'")
            }
            guard seen.insert(dataset.id).inserted else {
                throw .invalid("\(path).datasetId", "dataset '\(entry.datasetId)' is in the connection twice")
            }
            try validate(entry, dataset: dataset, path: path, connection: connection)
        }
        if let stitching = connection.stitching { try validate(stitching, connection: connection) }
    }

    func validate(
        _ entry: ConnectionDataset, dataset: Dataset, path: String, connection: JourneyConnection
    ) throws(JourneyError) {
        switch entry.type {
        case .event:
            if let person = entry.personIdField {
                try Self.require(person, in: dataset, field: "\(path).personIdField", FieldPath.isIdentifier)
            } else if connection.stitching == nil {
                throw .invalid("\(path).personIdField", "an event dataset needs a person id field (or stitching)")
            }
            try Self.require(
                entry.timestampField ?? "timestamp", in: dataset, field: "\(path).timestampField", FieldPath.isTime)
        case .lookup:
            guard let key = entry.keyField else {
                throw .invalid("\(path).keyField", "a lookup dataset needs a key field")
            }
            try Self.require(key, in: dataset, field: "\(path).keyField", FieldPath.isIdentifier)
            guard let matching = entry.matchingKeyField else {
                throw .invalid("\(path).matchingKeyField", "a lookup dataset needs the event field its key matches")
            }
            guard eventSchemas(of: connection).contains(where: { FieldPath.type(of: matching, in: $0) != nil }) else {
                throw .invalid("\(path).matchingKeyField", "field '\(matching)' is not in the event datasets")
            }
        case .profile:
            guard let person = entry.personIdField else {
                throw .invalid("\(path).personIdField", "a profile dataset needs a person id field")
            }
            try Self.require(person, in: dataset, field: "\(path).personIdField", FieldPath.isIdentifier)
        }
    }

    func validate(_ stitching: StitchingSettings, connection: JourneyConnection) throws(JourneyError) {
        guard StitchingSettings.allowedLookbackDays.contains(stitching.replayLookbackDays) else {
            throw .invalid(
                "stitching.replayLookbackDays",
                "replay lookback must be one of 1, 7, 14 or 30 days, not \(stitching.replayLookbackDays)")
        }
        guard stitching.persistentIdField != stitching.transientIdField else {
            throw .invalid("stitching.transientIdField", "the transient id must differ from the persistent id")
        }
        for entry in connection.eventDataSets {
            guard let dataset = datasets[entry.datasetId] else { continue }
            try Self.require(
                stitching.persistentIdField, in: dataset, field: "stitching.persistentIdField", FieldPath.isIdentifier)
            try Self.require(
                stitching.transientIdField, in: dataset, field: "stitching.transientIdField", FieldPath.isIdentifier)
        }
    }

    /// The schemas of the connection's event datasets that were found.
    func eventSchemas(of connection: JourneyConnection) -> [Columnar.Schema] {
        connection.eventDataSets.compactMap { datasets[$0.datasetId]?.schema }
    }

    /// The schemas of every dataset of the connection that was found (events first).
    func allSchemas(of connection: JourneyConnection) -> [Columnar.Schema] {
        eventSchemas(of: connection)
            + connection.dataSets.filter { $0.type != .event }.compactMap { datasets[$0.datasetId]?.schema }
    }

    static func requireName(_ name: String, field: String = "name") throws(JourneyError) {
        guard !name.allSatisfy(\.isWhitespace) else { throw .invalid(field, "a name is required") }
        guard name.count <= 256 else { throw .invalid(field, "a name has at most 256 characters") }
    }

    /// `path` must exist in `dataset`'s schema with a type `fits` accepts.
    static func require(
        _ path: String, in dataset: Dataset, field: String, _ fits: (Columnar.DataType) -> Bool
    ) throws(JourneyError) {
        guard let type = FieldPath.type(of: path, in: dataset.schema) else {
            throw .invalid(field, "field '\(path)' is not in dataset '\(dataset.name)'")
        }
        guard fits(type) else {
            throw .invalid(
                field, "field '\(path)' of dataset '\(dataset.name)' has type \(type.name), which does not fit")
        }
    }
}
