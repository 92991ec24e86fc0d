/// A policy's `deny` expression in AEP's Policy Service shape: a label (`{"label": "C1"}`) or an `AND`/`OR` of
/// expressions (`{"operator": "AND", "operands": [...]}`). It holds for data whose labels make it true.
public indirect enum PolicyExpression: Sendable, Hashable, Codable {
    case label(DataUsageLabel)
    case and([PolicyExpression])
    case or([PolicyExpression])

    /// Whether data carrying `labels` matches.
    public func matches(_ labels: Set<DataUsageLabel>) -> Bool {
        switch self {
        case let .label(label): labels.contains(label)
        case let .and(operands): operands.allSatisfy { $0.matches(labels) }
        case let .or(operands): operands.contains { $0.matches(labels) }
        }
    }

    /// The labels of `labels` that make the expression true (empty when it does not hold): every label of a
    /// matching `AND`, the labels of each matching `OR` operand.
    public func reasons(_ labels: Set<DataUsageLabel>) -> Set<DataUsageLabel> {
        guard matches(labels) else { return [] }
        switch self {
        case let .label(label): return [label]
        case let .and(operands), let .or(operands):
            return operands.reduce(into: []) { $0.formUnion($1.reasons(labels)) }
        }
    }

    /// Every label the expression names.
    public var labels: Set<DataUsageLabel> {
        switch self {
        case let .label(label): [label]
        case let .and(operands), let .or(operands): operands.reduce(into: []) { $0.formUnion($1.labels) }
        }
    }

    private enum CodingKeys: String, CodingKey {
        case label, `operator`, operands
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        if let label = try container.decodeIfPresent(DataUsageLabel.self, forKey: .label) {
            self = .label(label)
            return
        }
        let name = try container.decode(String.self, forKey: .operator)
        let operands = try container.decode([PolicyExpression].self, forKey: .operands)
        guard !operands.isEmpty else {
            throw DecodingError.dataCorruptedError(
                forKey: .operands, in: container, debugDescription: "an \(name) needs at least one operand")
        }
        switch name.uppercased() {
        case "AND": self = .and(operands)
        case "OR": self = .or(operands)
        default:
            throw DecodingError.dataCorruptedError(
                forKey: .operator, in: container, debugDescription: "operator '\(name)' is not AND or OR")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case let .label(label): try container.encode(label, forKey: .label)
        case let .and(operands):
            try container.encode("AND", forKey: .operator)
            try container.encode(operands, forKey: .operands)
        case let .or(operands):
            try container.encode("OR", forKey: .operator)
            try container.encode(operands, forKey: .operands)
        }
    }
}
