import Columnar
import Lake
import NIOPosix

/// Where a report's fields come from when they are more than event columns: derived fields compiled to SQL
/// (`DerivedFieldSQL`) and attributes of lookup and profile datasets, each joined once to the event dataset in the
/// load query. A join reads one row per key (`GROUP BY` the key; a key on several rows takes the smallest value of
/// each attribute, so no event is counted twice) and is a `LEFT JOIN`: events without a match get null.
///
/// Keys: a lookup joins on the connection's `matchingKeyField` of the event; a profile joins on the event's person
/// id field, and for a stitched connection on its transient id (the profile's id is the authenticated id, such as
/// a CRM id), so anonymous events get no profile attribute. A path through a list (`productListItems.SKU`) reads
/// the list's first element.
struct FieldSources: Sendable {
    struct Join: Sendable, Hashable {
        /// Index in the connection's `dataSets`.
        var dataset: Int
        /// Attribute paths in the joined dataset, in first-use order.
        var attributes: [String]
    }

    let connection: JourneyConnection
    let derived: [String: DerivedField]
    /// Event datasets' schemas by `datasetId`, for the list rule; a dataset without one reads paths as written.
    let schemas: [String: Schema]
    private(set) var joins: [Join] = []

    /// Sources for `references` (and everything the derived fields among them read).
    init(
        references: [String], connection: JourneyConnection, derivedFields: [DerivedField], schemas: [String: Schema]
    ) throws(JourneyError) {
        self.connection = connection
        self.derived = Dictionary(derivedFields.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        self.schemas = schemas
        var pending = references
        var seen: Set<String> = []
        while let reference = pending.popLast() {
            guard seen.insert(reference).inserted else { continue }
            switch FieldReference(reference, connection: connection) {
            case .event: break
            case let .derived(id):
                guard let field = derived[id] else {
                    throw .invalid(reference, "derived field '\(id)' is not in the data view")
                }
                pending += field.function.fields.reversed()
            case let .attribute(dataset, path):
                if let index = joins.firstIndex(where: { $0.dataset == dataset }) {
                    if !joins[index].attributes.contains(path) { joins[index].attributes.append(path) }
                } else {
                    joins.append(Join(dataset: dataset, attributes: [path]))
                }
            }
        }
    }

    /// Sources for a report's fields, or nil when they are all event fields (the load query stays as it was).
    /// Reads the event datasets' schemas from the lake on NIO's blocking pool.
    static func make(for fields: EventFields, dataView: DataView, connection: JourneyConnection, lake: Lake)
        async throws(JourneyError) -> FieldSources?
    {
        let references =
            [fields.dimension] + fields.numeric + [fields.binding].compactMap { $0 } + fields.filterDimensions
        guard references.contains(where: { FieldReference($0, connection: connection).needsSources }) else {
            return nil
        }
        let sandbox = connection.sandbox
        let names = connection.eventDataSets.map(\.datasetId)
        let schemas: [String: Schema]
        do {
            schemas = try await NIOThreadPool.singleton.runIfActive {
                var found: [String: Schema] = [:]
                for name in names {
                    found[name] = try? lake.dataset(sandbox: sandbox, idOrName: name).schema
                }
                return found
            }
        } catch {
            throw JourneyError(.io, "cannot read the connection's datasets: \(error)")
        }
        return try FieldSources(
            references: references, connection: connection, derivedFields: dataView.derivedFields, schemas: schemas)
    }

    /// `reference` as a text SQL expression over `dataset`'s load query.
    func text(_ reference: String, dataset: ConnectionDataset) throws(JourneyError) -> String {
        try text(reference, dataset: dataset, depth: 0)
    }

    /// `reference` as a SQL expression of its own type (event fields) or text (the others).
    func value(_ reference: String, dataset: ConnectionDataset) throws(JourneyError) -> String {
        if case let .event(path) = FieldReference(reference, connection: connection) {
            return expression(path, in: dataset)
        }
        return try text(reference, dataset: dataset, depth: 0)
    }

    private func text(_ reference: String, dataset: ConnectionDataset, depth: Int) throws(JourneyError) -> String {
        switch FieldReference(reference, connection: connection) {
        case let .event(path):
            return "CAST(\(expression(path, in: dataset)) AS TEXT)"
        case let .derived(id):
            guard let field = derived[id] else {
                throw .invalid(reference, "derived field '\(id)' is not in the data view")
            }
            guard depth <= derived.count else {
                throw .invalid("derivedFields[\(id)]", "derived field '\(id)' depends on itself")
            }
            let compiler = DerivedFieldSQL(
                text: { reference throws(JourneyError) in try text(reference, dataset: dataset, depth: depth + 1) },
                value: { reference throws(JourneyError) in
                    if case let .event(path) = FieldReference(reference, connection: connection) {
                        return expression(path, in: dataset)
                    }
                    return try text(reference, dataset: dataset, depth: depth + 1)
                })
            return try compiler.expression(field.function)
        case let .attribute(joined, path):
            guard let join = joins.firstIndex(where: { $0.dataset == joined }),
                let attribute = joins[join].attributes.firstIndex(of: path)
            else { throw .invalid(reference, "attribute '\(reference)' was not joined") }
            return EventFields.quoted("__outflow_a\(join)_\(attribute)")
        }
    }

    /// The load query's `FROM`: the event dataset and a `LEFT JOIN` per lookup or profile dataset read.
    func from(_ dataset: ConnectionDataset) throws(JourneyError) -> String {
        var from = EventFields.quoted(dataset.datasetId)
        for (index, join) in joins.enumerated() {
            let joined = connection.dataSets[join.dataset]
            let key: String?
            let eventKey: String?
            switch joined.type {
            case .lookup:
                key = joined.keyField
                eventKey = joined.matchingKeyField
            case .profile:
                key = joined.personIdField
                eventKey = connection.stitching?.transientIdField ?? dataset.personIdField
            case .event:
                key = nil
                eventKey = nil
            }
            guard let key, let eventKey else {
                throw .invalid(
                    "dataSets[\(join.dataset)]", "dataset '\(joined.datasetId)' has no key to join events on")
            }
            let keyText = "CAST(\(EventFields.expression(key)) AS TEXT)"
            let attributes = join.attributes.enumerated().map { position, path in
                "min(CAST(\(EventFields.expression(path)) AS TEXT)) AS "
                    + EventFields.quoted("__outflow_a\(index)_\(position)")
            }
            let keyColumn = EventFields.quoted("__outflow_k\(index)")
            from +=
                " LEFT JOIN (SELECT \(keyText) AS \(keyColumn), \(attributes.joined(separator: ", ")) FROM "
                + "\(EventFields.quoted(joined.datasetId)) GROUP BY \(keyText)) AS "
                + "\(EventFields.quoted("__outflow_t\(index)")) ON \(keyColumn) = "
                + "CAST(\(expression(eventKey, in: dataset)) AS TEXT)"
        }
        return from
    }

    /// A dotted event field path as SQL; a list on the way reads its first element (`("productListItems")[1]`).
    func expression(_ path: String, in dataset: ConnectionDataset) -> String {
        guard let schema = schemas[dataset.datasetId] else { return EventFields.expression(path) }
        let parts = path.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        var fields = schema.fields
        var expression = ""
        var throughList = false
        for (index, part) in parts.enumerated() {
            expression = index == 0 ? EventFields.quoted(part) : "(\(expression))." + EventFields.quoted(part)
            let type = fields.first { $0.name == part }?.type
            if case .list = type {
                expression = "(\(expression))[1]"
                throughList = true
            }
            fields = type.map(FieldPath.children) ?? []
        }
        return throughList ? expression : EventFields.expression(path)
    }
}
