/// What a component's field names, in a data view over a connection: an event field path
/// (`web.webPageDetails.name`), a derived field (`derived.<id>`), or an attribute of a lookup or profile dataset of
/// the connection (`<datasetId>.<field path>`: `product_catalog.category`, `customer_profiles.loyaltyTier`).
/// `derived.` and a lookup or profile dataset's id take precedence over event fields of the same name.
enum FieldReference: Sendable, Hashable {
    case event(path: String)
    case derived(id: String)
    /// `dataset` indexes the connection's `dataSets`.
    case attribute(dataset: Int, path: String)

    init(_ text: String, connection: JourneyConnection) {
        if text.hasPrefix(DerivedField.referencePrefix) {
            self = .derived(id: String(text.dropFirst(DerivedField.referencePrefix.count)))
            return
        }
        // The longest dataset id that prefixes the reference, so ids with dots resolve too.
        var best: (index: Int, length: Int)?
        for (index, dataset) in connection.dataSets.enumerated() where dataset.type != .event {
            let prefix = dataset.datasetId + "."
            if text.hasPrefix(prefix), text.count > prefix.count, prefix.count > (best?.length ?? 0) {
                best = (index, prefix.count)
            }
        }
        if let best {
            self = .attribute(dataset: best.index, path: String(text.dropFirst(best.length)))
        } else {
            self = .event(path: text)
        }
    }

    /// True when reading the reference needs more than the event dataset's own columns.
    var needsSources: Bool {
        if case .event = self { return false }
        return true
    }
}
