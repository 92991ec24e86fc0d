import Foundation

/// List Blobs semantics over a container's committed blobs, sorted by name: `prefix` filters, `delimiter`
/// folds names into `<BlobPrefix>` entries, `marker` resumes after a previous page and `maxResults` caps a
/// page (a prefix counts as one result). Pure: the store supplies the entries.
enum LandingZoneListing {
    /// The listing parameters of one request.
    struct Request: Sendable, Hashable {
        var prefix: String?
        var delimiter: String?
        var marker: String?
        var maxResults: Int?
        /// `include=metadata`: each blob's `<Metadata>` is listed.
        var includeMetadata = false
    }

    enum Item: Sendable, Hashable {
        case blob(LandingZoneStore.Entry)
        case prefix(String)

        var name: String {
            switch self {
            case .blob(let entry): entry.name
            case .prefix(let name): name
            }
        }
    }

    struct Page: Sendable, Hashable {
        var items: [Item]
        var nextMarker: String?
    }

    /// Azure's default and largest page size.
    static let maximumResults = 5000

    /// One page of `entries` (sorted by name) for `request`.
    static func page(_ entries: [LandingZoneStore.Entry], _ request: Request) -> Page {
        let limit = min(max(request.maxResults ?? maximumResults, 1), maximumResults)
        let prefix = request.prefix ?? ""
        var items: [Item] = []
        var lastPrefix: String?
        for entry in entries where entry.name.hasPrefix(prefix) {
            if let marker = request.marker, !marker.isEmpty, entry.name <= marker { continue }
            var item = Item.blob(entry)
            if let delimiter = request.delimiter, !delimiter.isEmpty {
                let rest = entry.name.dropFirst(prefix.count)
                if let range = rest.range(of: delimiter) {
                    let folded = prefix + String(rest[..<range.upperBound])
                    if folded == lastPrefix { continue }
                    if let marker = request.marker, !marker.isEmpty, folded <= marker { continue }
                    lastPrefix = folded
                    item = .prefix(folded)
                }
            }
            if items.count == limit {
                // Resume after the last item returned: for a folded prefix, after every name under it.
                let last = items[items.count - 1]
                let marker: String
                switch last {
                case .blob(let entry): marker = entry.name
                case .prefix(let name): marker = name + "\u{10FFFF}"
                }
                return Page(items: items, nextMarker: marker)
            }
            items.append(item)
        }
        return Page(items: items, nextMarker: nil)
    }
}
