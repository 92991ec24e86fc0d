/// CJA's JSON for segment definitions. Decoding refuses what Outflow does not evaluate with a `DecodingError` at
/// the offending key (`container.pred.preds[1].func`), which the REST layer reports as a 400 naming that path.
struct SegmentKey: CodingKey {
    var stringValue: String
    var intValue: Int?

    init(_ string: String) {
        stringValue = string
        intValue = nil
    }

    init?(stringValue: String) { self.init(stringValue) }

    init?(intValue: Int) {
        stringValue = String(intValue)
        self.intValue = intValue
    }
}

typealias SegmentJSON = KeyedDecodingContainer<SegmentKey>

extension SegmentJSON {
    /// The `func` member, which must be one of `expected` when given.
    func function(_ expected: Set<String>? = nil) throws -> String {
        let name = try decode(String.self, forKey: SegmentKey("func"))
        if let expected, !expected.contains(name) {
            throw DecodingError.dataCorruptedError(
                forKey: SegmentKey("func"), in: self,
                debugDescription: "expected \(expected.sorted().joined(separator: " or ")), got '\(name)'")
        }
        return name
    }

    func invalid(_ key: String, _ message: String) -> DecodingError {
        DecodingError.dataCorruptedError(forKey: SegmentKey(key), in: self, debugDescription: message)
    }
}

extension SegmentDefinition: Codable {
    public init(from decoder: any Decoder) throws {
        let json = try decoder.container(keyedBy: SegmentKey.self)
        _ = try json.function(["segment"])
        version = try json.decodeIfPresent([Int].self, forKey: SegmentKey("version")) ?? [1, 0, 0]
        container = try json.decode(SegmentContainer.self, forKey: SegmentKey("container"))
    }

    public func encode(to encoder: any Encoder) throws {
        var json = encoder.container(keyedBy: SegmentKey.self)
        try json.encode("segment", forKey: SegmentKey("func"))
        try json.encode(version, forKey: SegmentKey("version"))
        try json.encode(container, forKey: SegmentKey("container"))
    }
}

extension SegmentContainer: Codable {
    public init(from decoder: any Decoder) throws {
        let json = try decoder.container(keyedBy: SegmentKey.self)
        _ = try json.function(["container"])
        let context = try json.decode(String.self, forKey: SegmentKey("context"))
        guard let known = Context(rawValue: context) else {
            throw json.invalid("context", "a container's context is hits, visits or visitors, not '\(context)'")
        }
        self.context = known
        pred = try json.decode(SegmentPredicate.self, forKey: SegmentKey("pred"))
    }

    public func encode(to encoder: any Encoder) throws {
        var json = encoder.container(keyedBy: SegmentKey.self)
        try json.encode("container", forKey: SegmentKey("func"))
        try json.encode(context, forKey: SegmentKey("context"))
        try json.encode(pred, forKey: SegmentKey("pred"))
    }
}

extension SegmentPredicate: Codable {
    public init(from decoder: any Decoder) throws {
        let json = try decoder.container(keyedBy: SegmentKey.self)
        let function = try json.function()
        if let comparison = StringOperator(rawValue: function) {
            let value = try json.decode(SegmentValue.self, forKey: SegmentKey("val"))
            let values: [String]
            if comparison == .streqIn || comparison == .notStreqIn {
                values = try json.decode([String].self, forKey: SegmentKey("list"))
                guard !values.isEmpty else { throw json.invalid("list", "\(function) needs at least one value") }
            } else {
                values = [try json.decode(String.self, forKey: SegmentKey("str"))]
            }
            self = .string(comparison, value, values: values)
            return
        }
        if let comparison = NumberOperator(rawValue: function) {
            let number = try json.decode(Double.self, forKey: SegmentKey("num"))
            guard number.isFinite else { throw json.invalid("num", "num must be a finite number") }
            self = .number(comparison, try json.decode(SegmentValue.self, forKey: SegmentKey("val")), number)
            return
        }
        switch function {
        case "container": self = .container(try SegmentContainer(from: decoder))
        case "and", "or":
            let preds = try json.decode([SegmentPredicate].self, forKey: SegmentKey("preds"))
            guard !preds.isEmpty else { throw json.invalid("preds", "\(function) needs at least one predicate") }
            self = function == "and" ? .and(preds) : .or(preds)
        case "not": self = .not(try json.decode(SegmentPredicate.self, forKey: SegmentKey("pred")))
        case "without": self = .without(try json.decode(SegmentPredicate.self, forKey: SegmentKey("pred")))
        case "exists", "not-exists":
            let value = try json.decode(SegmentValue.self, forKey: SegmentKey("val"))
            self = .exists(value, negated: function == "not-exists")
        case "sequence": self = .sequence(try Self.checkpoints(json))
        default:
            throw json.invalid("func", "the segment function '\(function)' is not supported")
        }
    }

    /// The `stream` of a sequence: checkpoints, each optionally preceded by time restrictions.
    private static func checkpoints(_ json: SegmentJSON) throws -> [SequenceCheckpoint] {
        var stream = try json.nestedUnkeyedContainer(forKey: SegmentKey("stream"))
        var checkpoints: [SequenceCheckpoint] = []
        var pending: [TimeRestriction] = []
        while !stream.isAtEnd {
            let index = stream.currentIndex
            switch try stream.decode(StreamItem.self) {
            case .restriction(let restriction):
                guard !checkpoints.isEmpty else {
                    throw DecodingError.dataCorrupted(
                        .init(
                            codingPath: stream.codingPath + [SegmentKey(intValue: index) ?? SegmentKey("")],
                            debugDescription: "a time restriction goes between two checkpoints"))
                }
                pending.append(restriction)
            case .checkpoint(let pred):
                checkpoints.append(SequenceCheckpoint(pred, restrictions: pending))
                pending = []
            }
        }
        guard pending.isEmpty, checkpoints.count >= 2 else {
            throw json.invalid("stream", "a sequence is two or more checkpoints, time restrictions between them")
        }
        return checkpoints
    }

    /// One element of a sequence's `stream`.
    private enum StreamItem: Decodable {
        case restriction(TimeRestriction)
        case checkpoint(SegmentPredicate)

        init(from decoder: any Decoder) throws {
            let item = try decoder.container(keyedBy: SegmentKey.self)
            guard try item.function() == "time-restriction" else {
                self = .checkpoint(try SegmentPredicate(from: decoder))
                return
            }
            let limit = try item.decode(String.self, forKey: SegmentKey("limit"))
            guard let known = TimeRestriction.Limit(rawValue: limit) else {
                throw item.invalid("limit", "a time restriction's limit is within or after, not '\(limit)'")
            }
            let count = try item.decode(Int.self, forKey: SegmentKey("count"))
            guard count > 0, count <= 100_000 else { throw item.invalid("count", "count must be 1...100000") }
            let unit = try item.decode(String.self, forKey: SegmentKey("unit"))
            guard let time = TimeRestriction.Unit(rawValue: unit) else {
                throw item.invalid("unit", "the unit is minute, hour, day or week; '\(unit)' is not supported")
            }
            self = .restriction(TimeRestriction(limit: known, count: count, unit: time))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var json = encoder.container(keyedBy: SegmentKey.self)
        let key = SegmentKey.init(_:)
        switch self {
        case .container(let container): try container.encode(to: encoder)
        case .and(let preds), .or(let preds):
            try json.encode(self.isAnd ? "and" : "or", forKey: key("func"))
            try json.encode(preds, forKey: key("preds"))
        case .not(let pred), .without(let pred):
            try json.encode(self.isNot ? "not" : "without", forKey: key("func"))
            try json.encode(pred, forKey: key("pred"))
        case .string(let comparison, let value, let values):
            try json.encode(comparison.rawValue, forKey: key("func"))
            try json.encode(value, forKey: key("val"))
            if comparison == .streqIn || comparison == .notStreqIn {
                try json.encode(values, forKey: key("list"))
            } else {
                try json.encode(values.first ?? "", forKey: key("str"))
            }
        case .number(let comparison, let value, let number):
            try json.encode(comparison.rawValue, forKey: key("func"))
            try json.encode(value, forKey: key("val"))
            try json.encode(number, forKey: key("num"))
        case .exists(let value, let negated):
            try json.encode(negated ? "not-exists" : "exists", forKey: key("func"))
            try json.encode(value, forKey: key("val"))
        case .sequence(let checkpoints):
            try json.encode("sequence", forKey: key("func"))
            var stream = json.nestedUnkeyedContainer(forKey: key("stream"))
            for checkpoint in checkpoints {
                for restriction in checkpoint.restrictions {
                    var item = stream.nestedContainer(keyedBy: SegmentKey.self)
                    try item.encode("time-restriction", forKey: key("func"))
                    try item.encode(restriction.limit, forKey: key("limit"))
                    try item.encode(restriction.count, forKey: key("count"))
                    try item.encode(restriction.unit, forKey: key("unit"))
                }
                try checkpoint.pred.encode(to: stream.superEncoder())
            }
        }
    }

    private var isAnd: Bool { if case .and = self { true } else { false } }
    private var isNot: Bool { if case .not = self { true } else { false } }
}

extension SegmentValue: Codable {
    /// `{"func": "attr", "name": "variables/<id>"}`, `{"func": "metric", "name": "metrics/<id>"}` or Adobe
    /// Analytics' `{"func": "total", "evt": {"func": "event", "name": "metrics/<id>"}}`.
    public init(from decoder: any Decoder) throws {
        let json = try decoder.container(keyedBy: SegmentKey.self)
        switch try json.function(["attr", "metric", "total"]) {
        case "attr": self = .dimension(try json.decode(String.self, forKey: SegmentKey("name")))
        case "metric": self = .metric(try json.decode(String.self, forKey: SegmentKey("name")))
        default:
            let event = try json.nestedContainer(keyedBy: SegmentKey.self, forKey: SegmentKey("evt"))
            _ = try event.function(["event"])
            self = .metric(try event.decode(String.self, forKey: SegmentKey("name")))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var json = encoder.container(keyedBy: SegmentKey.self)
        switch self {
        case .dimension(let name):
            try json.encode("attr", forKey: SegmentKey("func"))
            try json.encode(name, forKey: SegmentKey("name"))
        case .metric(let name):
            try json.encode("metric", forKey: SegmentKey("func"))
            try json.encode(name, forKey: SegmentKey("name"))
        }
    }
}
