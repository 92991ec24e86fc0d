/// Compiles segment definitions against a data view into `SegmentRule`s for one report, collecting what the
/// events must carry: one SQL boolean expression per distinct leaf comparison on a dimension's field (projected by
/// the load query beside the other fields) and the metrics that metric comparisons total. Unknown components and
/// rules Outflow does not evaluate are `.invalid` naming their path in the definition
/// (`globalFilters[0].segmentDefinition.container.pred.preds[1].val`).
struct SegmentCompiler: Sendable {
    let dataView: DataView
    /// SQL boolean expressions (never null), one column each.
    private(set) var flags: [String] = []
    /// The metrics metric comparisons read, one value column each.
    private(set) var metrics: [MetricComponent] = []
    /// Comparisons on dimensions with persistence, one persisted boolean column each.
    private(set) var persisted: [PersistedFlag] = []

    /// A comparison on a persisted dimension: `match` and `present` are `flags` indices.
    struct PersistedFlag: Sendable, Equatable {
        var match: Int
        var present: Int
        var dimension: DimensionComponent
    }

    /// The data view's connection, when known: segments on its lookup and profile attributes are refused by name.
    let connection: JourneyConnection?

    init(dataView: DataView, connection: JourneyConnection? = nil) {
        self.dataView = dataView
        self.connection = connection
    }

    /// The definition's top container as a rule.
    mutating func compile(_ definition: SegmentDefinition, path: String) throws(JourneyError) -> SegmentRule {
        let container = definition.container
        return .container(
            container.context, try compile(container.pred, context: container.context, path: "\(path).container.pred"))
    }

    private mutating func compile(
        _ predicate: SegmentPredicate, context: SegmentContainer.Context, path: String
    ) throws(JourneyError) -> SegmentRule {
        switch predicate {
        case let .container(container):
            return .container(
                container.context, try compile(container.pred, context: container.context, path: "\(path).pred"))
        case let .and(preds): return .and(try compile(preds, context: context, path: path))
        case let .or(preds): return .or(try compile(preds, context: context, path: path))
        case let .not(pred): return .not(try compile(pred, context: context, path: "\(path).pred"))
        case let .without(pred): return .without(try compile(pred, context: context, path: "\(path).pred"))
        case let .string(comparison, value, values):
            let dimension = try dimension(value, path: "\(path).val", what: "a string comparison")
            let negated = [.notStreq, .notContains, .notStreqIn].contains(comparison)
            return leaf(Self.sql(comparison, field: dimension.field, values: values), on: dimension, negated: negated)
        case let .number(comparison, value, number):
            if case let .metric(name) = value {
                return .metric(try metric(name, path: "\(path).val"), .compare(comparison, number))
            }
            let dimension = try dimension(value, path: "\(path).val", what: "a numeric comparison")
            let operators: [SegmentPredicate.NumberOperator: String] = [
                .eq: "=", .ne: "<>", .gt: ">", .lt: "<", .ge: ">=", .le: "<=",
            ]
            let sql =
                "coalesce(CAST(\(EventFields.expression(dimension.field)) AS DOUBLE PRECISION) "
                + "\(operators[comparison] ?? "=") \(Self.number(number)), FALSE)"
            return leaf(sql, on: dimension, negated: false)
        case let .exists(value, negated):
            if case let .metric(name) = value {
                return .metric(try metric(name, path: "\(path).val"), .exists(negated: negated))
            }
            let dimension = try dimension(value, path: "\(path).val", what: "exists")
            return leaf(Self.present(dimension), on: dimension, negated: negated)
        case let .sequence(checkpoints):
            guard context != .hits else {
                throw .invalid(path, "a sequence belongs in a visits or visitors container, not hits")
            }
            var steps: [SegmentRule.Step] = []
            for (index, checkpoint) in checkpoints.enumerated() {
                let checkpointPath = "\(path).stream[\(index)]"
                if case let .container(inner) = checkpoint.pred, inner.context != .hits {
                    throw .invalid(
                        checkpointPath, "sequence checkpoints are event rules or hits containers, not \(inner.context)")
                }
                var step = SegmentRule.Step(rule: try compile(checkpoint.pred, context: .hits, path: checkpointPath))
                for restriction in checkpoint.restrictions {
                    switch restriction.limit {
                    case .within: step.maxGap = min(step.maxGap, restriction.micros)
                    case .after: step.minGap = max(step.minGap, restriction.micros)
                    }
                }
                steps.append(step)
            }
            return .sequence(steps)
        }
    }

    private mutating func compile(
        _ preds: [SegmentPredicate], context: SegmentContainer.Context, path: String
    ) throws(JourneyError) -> [SegmentRule] {
        var rules: [SegmentRule] = []
        for (index, pred) in preds.enumerated() {
            rules.append(try compile(pred, context: context, path: "\(path).preds[\(index)]"))
        }
        return rules
    }

    /// A comparison on `dimension`'s value: its own column, or with persistence the comparison on the value the
    /// event reports after persistence (the matching and the present-value columns, carried by `PersistenceKernel`).
    private mutating func leaf(_ sql: String, on dimension: DimensionComponent, negated: Bool) -> SegmentRule {
        guard dimension.persistence != nil else { return .flag(flag(sql), negated: negated) }
        let column = PersistedFlag(match: flag(sql), present: flag(Self.present(dimension)), dimension: dimension)
        if let index = persisted.firstIndex(of: column) { return .persisted(index, negated: negated) }
        persisted.append(column)
        return .persisted(persisted.count - 1, negated: negated)
    }

    static func present(_ dimension: DimensionComponent) -> String {
        "(\(EventFields.expression(dimension.field)) IS NOT NULL)"
    }

    private func dimension(_ value: SegmentValue, path: String, what: String) throws(JourneyError)
        -> DimensionComponent
    {
        switch value {
        case let .dimension(name):
            guard let dimension = dataView.dimension(name) else {
                throw .invalid(path, "'\(name)' is not a dimension of data view '\(dataView.id)'")
            }
            guard !dimension.field.hasPrefix(DerivedField.referencePrefix) else {
                throw .invalid(path, "segments on derived fields ('\(name)') are not supported yet")
            }
            if let connection, case .attribute = FieldReference(dimension.field, connection: connection) {
                throw .invalid(path, "segments on lookup or profile attributes ('\(name)') are not supported yet")
            }
            return dimension
        case let .metric(name):
            throw .invalid(path, "\(what) compares a dimension (func attr), not the metric '\(name)'")
        }
    }

    private mutating func metric(_ name: String, path: String) throws(JourneyError) -> Int {
        guard let component = dataView.metric(name) else {
            throw .invalid(path, "'\(name)' is not a metric of data view '\(dataView.id)'")
        }
        if let index = metrics.firstIndex(of: component) { return index }
        metrics.append(component)
        return metrics.count - 1
    }

    private mutating func flag(_ sql: String) -> Int {
        if let index = flags.firstIndex(of: sql) { return index }
        flags.append(sql)
        return flags.count - 1
    }

    /// The positive comparison (`not-…` negates its column): case-insensitive, false where the field is null.
    static func sql(_ comparison: SegmentPredicate.StringOperator, field: String, values: [String]) -> String {
        let text = "lower(CAST(\(EventFields.expression(field)) AS TEXT))"
        let first = "lower(\(EventFields.literal(values.first ?? "")))"
        let test: String
        switch comparison {
        case .streq, .notStreq: test = "\(text) = \(first)"
        case .contains, .notContains: test = "strpos(\(text), \(first)) > 0"
        case .startsWith: test = "starts_with(\(text), \(first))"
        case .endsWith: test = "right(\(text), \((values.first ?? "").count)) = \(first)"
        case .streqIn, .notStreqIn:
            test = "\(text) IN (\(values.map { "lower(\(EventFields.literal($0)))" }.joined(separator: ", ")))"
        }
        return "coalesce(\(test), FALSE)"
    }

    /// A finite number as a SQL literal (integers without a fraction).
    static func number(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return "\(value)"
    }
}
