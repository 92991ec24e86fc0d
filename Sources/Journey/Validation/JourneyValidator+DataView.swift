import Columnar
import Foundation

extension JourneyValidator {
    /// Checks `dataView` over `connection` (nil when its `parentDataGroupId` names none): an IANA time zone, a
    /// positive session timeout, unique URL-safe component ids, fields that exist in the connection's datasets
    /// (numeric for sums), expirations up to 90 days, lookbacks, attribution parameters and persistence bindings
    /// that name existing components.
    public func validate(_ dataView: DataView, connection: JourneyConnection?) throws(JourneyError) {
        try Self.requireName(dataView.name)
        guard let connection else {
            throw .invalid(
                "parentDataGroupId", "connection '\(dataView.parentDataGroupId)' does not exist in this sandbox")
        }
        guard TimeZone(identifier: dataView.timezoneDesignator) != nil else {
            throw .invalid("timezoneDesignator", "'\(dataView.timezoneDesignator)' is not an IANA time zone")
        }
        try validate(dataView.session, connection: connection)
        try Self.validateIds(dataView)
        let schemas = allSchemas(of: connection)
        for dimension in dataView.dimensions {
            let path = "dimensions[\(dimension.id)]"
            try Self.requireName(dimension.name, field: "\(path).name")
            guard Self.fieldType(dimension.field, in: schemas) != nil else {
                throw .invalid("\(path).field", "field '\(dimension.field)' is not in the connection's datasets")
            }
            if let persistence = dimension.persistence {
                try Self.validate(persistence, path: "\(path).persistence", dataView: dataView)
            }
        }
        for metric in dataView.metrics {
            let path = "metrics[\(metric.id)]"
            try Self.requireName(metric.name, field: "\(path).name")
            switch metric.kind {
            case .occurrences, .sessions, .people: break
            case .sum(let field):
                guard let type = Self.fieldType(field, in: schemas) else {
                    throw .invalid("\(path).kind.sum.field", "field '\(field)' is not in the connection's datasets")
                }
                guard FieldPath.isNumeric(type) else {
                    throw .invalid("\(path).kind.sum.field", "field '\(field)' is \(type.name), not a number to sum")
                }
            case .count(let field):
                guard Self.fieldType(field, in: schemas) != nil else {
                    throw .invalid("\(path).kind.count.field", "field '\(field)' is not in the connection's datasets")
                }
            }
            if let attribution = metric.attribution {
                try Self.validate(attribution, path: "\(path).attribution")
            }
        }
    }

    func validate(_ session: SessionDefinition, connection: JourneyConnection) throws(JourneyError) {
        guard session.timeoutMinutes > 0 else {
            throw .invalid("session.timeoutMinutes", "the session timeout must be more than 0 minutes")
        }
        guard Int64(session.timeoutMinutes) * 60 <= Persistence.maximumExpirationSeconds else {
            throw .invalid("session.timeoutMinutes", "the session timeout is at most 90 days")
        }
        let schemas = eventSchemas(of: connection)
        for (index, match) in session.newSessionOn.enumerated() {
            guard Self.fieldType(match.field, in: schemas) != nil else {
                throw .invalid(
                    "session.newSessionOn[\(index)].field", "field '\(match.field)' is not in the event datasets")
            }
            guard !match.values.isEmpty else {
                throw .invalid("session.newSessionOn[\(index)].values", "at least one value is required")
            }
        }
    }

    /// Ids are URL-safe and unique among all components (a report row is keyed by them together).
    static func validateIds(_ dataView: DataView) throws(JourneyError) {
        var seen: Set<String> = []
        let ids =
            dataView.dimensions.enumerated().map { ("dimensions[\($0.offset)].id", $0.element.id) }
            + dataView.metrics.enumerated().map { ("metrics[\($0.offset)].id", $0.element.id) }
        for (field, id) in ids {
            guard isURLSafe(id) else {
                throw .invalid(field, "component id '\(id)' must be 1 to 128 of A-Z a-z 0-9 - _ . ~")
            }
            guard seen.insert(id).inserted else { throw .invalid(field, "component id '\(id)' is used twice") }
        }
    }

    /// 1 to 128 characters of RFC 3986's unreserved set.
    static func isURLSafe(_ id: String) -> Bool {
        (1...128).contains(id.utf8.count)
            && id.utf8.allSatisfy { byte in
                switch byte {
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                    UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."),
                    UInt8(ascii: "~"):
                    true
                default: false
                }
            }
    }

    static func validate(_ persistence: Persistence, path: String, dataView: DataView) throws(JourneyError) {
        switch persistence.expiration {
        case .session, .person: break
        case .time(let seconds):
            guard (1...Persistence.maximumExpirationSeconds).contains(seconds) else {
                throw .invalid("\(path).expiration", "a custom expiration is 1 second to 90 days, not \(seconds) s")
            }
        case .metric(let id):
            _ = try PersistenceTriggers.eventMetric(id, dataView: dataView, path: "\(path).expiration")
        }
        if let binding = persistence.bindingDimension, dataView.dimension(binding) == nil {
            throw .invalid("\(path).bindingDimension", "binding dimension '\(binding)' is not in the data view")
        }
        if let binding = persistence.bindingMetric {
            _ = try PersistenceTriggers.eventMetric(binding, dataView: dataView, path: "\(path).bindingMetric")
            guard persistence.bindingDimension != nil else {
                throw .invalid("\(path).bindingMetric", "a binding metric needs a binding dimension")
            }
        }
        if persistence.bindingDimension != nil, ![.mostRecent, .original].contains(persistence.allocation) {
            throw .invalid(
                "\(path).bindingDimension", "only 'mostRecent' and 'original' allocations bind to a dimension")
        }
    }

    static func validate(_ attribution: Attribution, path: String) throws(JourneyError) {
        switch attribution.model {
        case .timeDecay(let halfLife):
            guard halfLife > 0 else {
                throw .invalid("\(path).model.timeDecay.halfLifeSeconds", "the half-life must be more than 0 seconds")
            }
        case .custom(let first, let middle, let last):
            let weights = [first, middle, last]
            guard weights.allSatisfy({ $0.isFinite && $0 >= 0 }), weights.reduce(0, +) > 0 else {
                throw .invalid("\(path).model.custom", "custom weights must be >= 0 with a positive sum")
            }
        default: break
        }
        if case .time(let seconds) = attribution.lookback,
            !(1...Persistence.maximumExpirationSeconds).contains(seconds)
        {
            throw .invalid("\(path).lookback", "a custom lookback is 1 second to 90 days, not \(seconds) s")
        }
    }

    /// The type of `path` in the first of `schemas` that has it.
    static func fieldType(_ path: String, in schemas: [Columnar.Schema]) -> Columnar.DataType? {
        for schema in schemas {
            if let type = FieldPath.type(of: path, in: schema) { return type }
        }
        return nil
    }
}
