import Foundation

/// The event fields a report reads, beyond each dataset's person (or stitching) ids and timestamp: the
/// dimension, every numeric field its metrics sum or count, and the fields of the data view's new-session rules.
struct EventFields: Sendable, Equatable {
    var dimension: String
    /// Distinct numeric fields; metrics refer to them by index.
    var numeric: [String] = []
    /// The fields of `numeric` only counted, never summed: read as 1 where present (they may be text, such as an
    /// order's `purchaseID`).
    var countedOnly: Set<String> = []
    var sessionRules: [FieldMatch] = []
    /// The field of the dimension's persistence binding dimension, read as a second text column (nil: none).
    var binding: String?
    /// Segment leaf comparisons as SQL boolean expressions (never null), one column each (`ReportFilters`).
    var filterFlags: [String] = []
    /// Fields of breakdown dimensions, read as text codes.
    var filterDimensions: [String] = []

    /// `metrics` are those the report counts and those its dimension's persistence triggers on (expiration and
    /// binding metrics); `binding` the binding dimension's field.
    init(dimension: String, metrics: [MetricComponent], sessionRules: [FieldMatch], binding: String? = nil) {
        self.dimension = dimension
        self.binding = binding
        var summed: Set<String> = []
        for metric in metrics {
            switch metric.kind {
            case let .sum(field), let .count(field):
                if !numeric.contains(field) { numeric.append(field) }
                if case .sum = metric.kind { summed.insert(field) }
            case .occurrences, .sessions, .people: break
            }
        }
        countedOnly = Set(numeric).subtracting(summed)
        self.sessionRules = sessionRules
    }

    /// The numeric index a metric reads (nil for occurrences, sessions and people).
    func numericIndex(of kind: MetricComponent.Kind) -> Int? {
        switch kind {
        case let .sum(field), let .count(field): numeric.firstIndex(of: field)
        case .occurrences, .sessions, .people: nil
        }
    }

    /// A dotted field path as a SQL expression: `"ecid"`, `("commerce")."order"."priceTotal"`.
    static func expression(_ path: String) -> String {
        let parts = path.split(separator: ".", omittingEmptySubsequences: false).map { quoted(String($0)) }
        guard let first = parts.first, parts.count > 1 else { return parts.first ?? "NULL" }
        return "(\(first))." + parts.dropFirst().joined(separator: ".")
    }

    static func quoted(_ identifier: String) -> String {
        "\"" + identifier.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    static func literal(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "''") + "'"
    }
}
