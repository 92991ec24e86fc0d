/// A window: `OVER w` (only `name`), or `OVER ([name] [PARTITION BY ...] [ORDER BY ...] [frame])`.
public struct WindowSpecification: Hashable, Sendable {
    /// The window this one refers to or extends.
    public var name: Identifier?
    /// `OVER w` without parentheses: a reference to a named window as it is.
    public var isReference: Bool
    public var partitionBy: [Expression]
    public var orderBy: [OrderItem]
    public var frame: WindowFrame?

    public init(
        name: Identifier? = nil, isReference: Bool = false, partitionBy: [Expression] = [], orderBy: [OrderItem] = [],
        frame: WindowFrame? = nil
    ) {
        self.name = name
        self.isReference = isReference
        self.partitionBy = partitionBy
        self.orderBy = orderBy
        self.frame = frame
    }
}

/// `ROWS|RANGE|GROUPS [BETWEEN] start [AND end] [EXCLUDE ...]`
public struct WindowFrame: Hashable, Sendable {
    public enum Units: String, Hashable, Sendable {
        case rows = "ROWS"
        case range = "RANGE"
        case groups = "GROUPS"
    }

    public enum Bound: Hashable, Sendable {
        case unboundedPreceding
        /// `n PRECEDING` (a number, or an interval for `RANGE` over timestamps).
        case preceding(Expression)
        case currentRow
        case following(Expression)
        case unboundedFollowing
    }

    public enum Exclusion: String, Hashable, Sendable {
        case currentRow = "EXCLUDE CURRENT ROW"
        case group = "EXCLUDE GROUP"
        case ties = "EXCLUDE TIES"
        case noOthers = "EXCLUDE NO OTHERS"
    }

    public var units: Units
    public var start: Bound
    /// nil when written without `BETWEEN` (the end is `CURRENT ROW`).
    public var end: Bound?
    public var exclusion: Exclusion?

    public init(_ units: Units, start: Bound, end: Bound? = nil, exclusion: Exclusion? = nil) {
        self.units = units
        self.start = start
        self.end = end
        self.exclusion = exclusion
    }
}

/// `WINDOW name AS (spec)`
public struct NamedWindow: Hashable, Sendable {
    public var name: Identifier
    public var specification: WindowSpecification

    public init(_ name: Identifier, _ specification: WindowSpecification) {
        self.name = name
        self.specification = specification
    }
}
