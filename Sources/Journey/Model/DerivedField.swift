/// A derived field of a data view (CJA's derived fields): a value computed from other fields when a report runs,
/// never stored. Components name it `derived.<id>` wherever they name a field (a dimension's `field`, a sum or
/// count metric's field, another derived field's input), so functions chain; a cycle is refused. Its value is
/// text; a sum over it reads the text as a number.
public struct DerivedField: Sendable, Hashable, Codable {
    /// Unique among the data view's derived fields and URL-safe; components name the field `derived.<id>`.
    public var id: String
    public var name: String
    public var description: String?
    public var function: DerivedFunction

    /// The prefix by which components name a derived field: `derived.<id>`.
    public static let referencePrefix = "derived."

    public init(id: String, name: String, description: String? = nil, function: DerivedFunction) {
        self.id = id
        self.name = name
        self.description = description
        self.function = function
    }
}

/// What a derived field computes. Every input is a `DerivedValue` (a field, or a literal); a null input gives
/// null unless the function says otherwise.
public enum DerivedFunction: Sendable, Hashable, Codable {
    /// CJA's Case When: the result of the first rule whose conditions hold, else `otherwise` (null when absent).
    case caseWhen(rules: [CaseRule], otherwise: DerivedValue?)
    /// The values joined by `delimiter`; null values are skipped (null when every value is null).
    case concatenate(values: [DerivedValue], delimiter: String)
    /// Every match of `pattern` (PostgreSQL's regular expressions) replaced by `replacement`, in which `$1`...`$9`
    /// are the pattern's groups (CJA's output format); null stays null.
    case regexReplace(input: DerivedValue, pattern: String, replacement: String)
    /// One part of a URL: its protocol, host (without port), path, the value of the query string parameter named
    /// `parameter` (as written, not decoded), or the fragment after `#`. A missing part is null.
    case urlParse(input: DerivedValue, component: URLComponent, parameter: String?)
    /// The value `map` gives the input (exact match), else `defaultValue` (also for a null input; null when
    /// absent).
    case lookup(input: DerivedValue, map: [String: String], defaultValue: String?)
    /// The `index`-th (1-based) part of the input split by `delimiter`, counted from the left, or from the right
    /// when `fromRight`; a missing or empty part is null.
    case split(input: DerivedValue, delimiter: String, index: Int, fromRight: Bool?)
    /// The input in lower case.
    case lowercase(input: DerivedValue)
    /// The input without leading and trailing spaces.
    case trim(input: DerivedValue)
    /// Every occurrence of `find` in the input replaced by `replacement` (exact text, case-sensitive).
    case findReplace(input: DerivedValue, find: String, replacement: String)

    /// The parts URL Parse takes.
    public enum URLComponent: String, Sendable, Hashable, Codable, CaseIterable {
        case `protocol`, host, path, queryParameter, hash
    }
}

/// An input of a derived function: a field (`field`: an event field path, `<lookup or profile dataset>.<field>`,
/// or `derived.<id>`) or a literal text (`value`). Exactly one is set.
public struct DerivedValue: Sendable, Hashable, Codable {
    public var field: String?
    public var value: String?

    public init(field: String) {
        self.field = field
        self.value = nil
    }

    public init(value: String) {
        self.field = nil
        self.value = value
    }

    public init(field: String?, value: String?) {
        self.field = field
        self.value = value
    }
}

/// A rule of Case When: its conditions combined by `match` (`all`, the default, or `any`), and the value it gives.
public struct CaseRule: Sendable, Hashable, Codable {
    public enum Match: String, Sendable, Hashable, Codable {
        case all, any
    }

    public var conditions: [CaseCondition]
    public var match: Match?
    public var result: DerivedValue

    public init(conditions: [CaseCondition], match: Match? = nil, result: DerivedValue) {
        self.conditions = conditions
        self.match = match
        self.result = result
    }
}

/// A condition of a Case When rule on a field's value. Text operators compare the value as text
/// (case-sensitive); numeric ones read the value and `value` as numbers. A null field holds only `notExists`.
public struct CaseCondition: Sendable, Hashable, Codable {
    public enum Operator: String, Sendable, Hashable, Codable, CaseIterable {
        case equals, notEquals, contains, notContains, startsWith, endsWith, matchesRegex
        case exists, notExists
        case greaterThan, greaterThanOrEqual, lessThan, lessThanOrEqual
    }

    /// The field tested (the same references as `DerivedValue.field`).
    public var field: String
    public var `operator`: Operator
    /// The text, pattern or number compared with; absent for `exists` and `notExists`.
    public var value: String?

    public init(field: String, operator: Operator, value: String? = nil) {
        self.field = field
        self.operator = `operator`
        self.value = value
    }
}

extension DerivedFunction {
    /// Every field the function reads (inputs, condition fields, rule results), in definition order.
    var fields: [String] {
        switch self {
        case let .caseWhen(rules, otherwise):
            rules.flatMap { rule in rule.conditions.map(\.field) + [rule.result.field].compactMap { $0 } }
                + [otherwise?.field].compactMap { $0 }
        case let .concatenate(values, _): values.compactMap(\.field)
        case let .regexReplace(input, _, _), let .urlParse(input, _, _), let .lookup(input, _, _),
            let .split(input, _, _, _), let .lowercase(input), let .trim(input), let .findReplace(input, _, _):
            [input.field].compactMap { $0 }
        }
    }
}
