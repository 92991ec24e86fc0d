import Columnar
import Lake
import SQL

extension JourneyValidator {
    /// Checks the data view's derived fields: unique URL-safe ids, names, inputs that are exactly a field or a
    /// value, fields that exist (event fields, attributes of the connection's lookup and profile datasets, other
    /// derived fields), function parameters, regular expressions the engine compiles (checked with the function
    /// that uses them), and no cycle. Errors name `derivedFields[<index>].id`, then `derivedFields[<id>]....`.
    func validateDerivedFields(_ dataView: DataView, connection: JourneyConnection) throws(JourneyError) {
        var seen: Set<String> = []
        for (index, field) in dataView.derivedFields.enumerated() {
            guard Self.isURLSafe(field.id) else {
                throw .invalid(
                    "derivedFields[\(index)].id",
                    "derived field id '\(field.id)' must be 1 to 128 of A-Z a-z 0-9 - _ . ~")
            }
            guard seen.insert(field.id).inserted else {
                throw .invalid("derivedFields[\(index)].id", "derived field id '\(field.id)' is used twice")
            }
        }
        for field in dataView.derivedFields {
            let path = "derivedFields[\(field.id)]"
            try Self.requireName(field.name, field: "\(path).name")
            try validate(field.function, path: "\(path).function", dataView: dataView, connection: connection)
        }
        try Self.refuseCycles(dataView)
        try requireDerivedFieldsBind(dataView, connection: connection)
    }

    /// Every derived field's SQL, with the joins its attributes need, binds in the engine against the datasets'
    /// schemas (no rows are read): what would fail when a report loads the events fails when the view is stored.
    func requireDerivedFieldsBind(_ dataView: DataView, connection: JourneyConnection) throws(JourneyError) {
        guard let event = connection.eventDataSets.first, datasets[event.datasetId] != nil else { return }
        var catalog = InMemoryCatalog()
        var schemas: [String: Schema] = [:]
        for entry in connection.dataSets {
            guard let dataset = datasets[entry.datasetId] else { return }
            catalog.add(InMemoryTable(name: entry.datasetId, schema: dataset.schema, batches: []))
            if entry.type == .event { schemas[entry.datasetId] = dataset.schema }
        }
        for field in dataView.derivedFields {
            let reference = DerivedField.referencePrefix + field.id
            let sources = try FieldSources(
                references: [reference], connection: connection, derivedFields: dataView.derivedFields,
                schemas: schemas)
            let sql = "SELECT \(try sources.text(reference, dataset: event)) FROM \(try sources.from(event))"
            do {
                _ = try SQLEngine().plan(sql, catalog: catalog)
            } catch {
                throw .invalid(
                    "derivedFields[\(field.id)].function", "the derived field does not compile: \(error.message)")
            }
        }
    }

    func validate(_ function: DerivedFunction, path: String, dataView: DataView, connection: JourneyConnection)
        throws(JourneyError)
    {
        func input(_ value: DerivedValue, _ field: String) throws(JourneyError) {
            guard (value.field == nil) != (value.value == nil) else {
                throw .invalid(field, "an input is either a 'field' or a 'value'")
            }
            if let reference = value.field {
                try requireReference(reference, field: "\(field).field", dataView: dataView, connection: connection)
            }
        }
        switch function {
        case let .caseWhen(rules, otherwise):
            let base = "\(path).caseWhen"
            guard !rules.isEmpty else { throw .invalid("\(base).rules", "Case When needs at least one rule") }
            for (index, rule) in rules.enumerated() {
                let rulePath = "\(base).rules[\(index)]"
                guard !rule.conditions.isEmpty else {
                    throw .invalid("\(rulePath).conditions", "a rule needs at least one condition")
                }
                for (position, condition) in rule.conditions.enumerated() {
                    try validate(
                        condition, path: "\(rulePath).conditions[\(position)]", dataView: dataView,
                        connection: connection)
                }
                try input(rule.result, "\(rulePath).result")
            }
            if let otherwise { try input(otherwise, "\(base).otherwise") }
        case let .concatenate(values, _):
            guard !values.isEmpty else {
                throw .invalid("\(path).concatenate.values", "Concatenate needs at least one value")
            }
            for (index, value) in values.enumerated() { try input(value, "\(path).concatenate.values[\(index)]") }
        case let .regexReplace(value, pattern, replacement):
            try input(value, "\(path).regexReplace.input")
            let sql =
                "SELECT regexp_replace('', \(EventFields.literal(pattern)), "
                + "\(EventFields.literal(DerivedFieldSQL.replacement(replacement))), 'g')"
            try Self.requireCompiles(sql, field: "\(path).regexReplace.pattern", pattern: pattern)
        case let .urlParse(value, component, parameter):
            try input(value, "\(path).urlParse.input")
            if component == .queryParameter, parameter?.isEmpty ?? true {
                throw .invalid("\(path).urlParse.parameter", "queryParameter needs the parameter's name")
            }
        case let .lookup(value, _, _):
            try input(value, "\(path).lookup.input")
        case let .split(value, delimiter, index, _):
            try input(value, "\(path).split.input")
            guard !delimiter.isEmpty else { throw .invalid("\(path).split.delimiter", "the delimiter is empty") }
            guard (1...10_000).contains(index) else {
                throw .invalid("\(path).split.index", "the part's index is 1...10000, not \(index)")
            }
        case let .lowercase(value):
            try input(value, "\(path).lowercase.input")
        case let .trim(value):
            try input(value, "\(path).trim.input")
        case let .findReplace(value, find, _):
            try input(value, "\(path).findReplace.input")
            guard !find.isEmpty else { throw .invalid("\(path).findReplace.find", "the text to find is empty") }
        }
    }

    func validate(_ condition: CaseCondition, path: String, dataView: DataView, connection: JourneyConnection)
        throws(JourneyError)
    {
        try requireReference(condition.field, field: "\(path).field", dataView: dataView, connection: connection)
        switch condition.operator {
        case .exists, .notExists: return
        case .greaterThan, .greaterThanOrEqual, .lessThan, .lessThanOrEqual:
            // Derived fields and attributes are text read as numbers; an event field must be a number.
            if case .event = FieldReference(condition.field, connection: connection),
                let type = referenceType(condition.field, dataView: dataView, connection: connection),
                !FieldPath.isNumeric(type)
            {
                throw .invalid(
                    "\(path).field",
                    "\(condition.operator.rawValue) compares numbers; '\(condition.field)' is \(type.name)")
            }
            guard let number = condition.value.flatMap({ Double($0) }), number.isFinite else {
                throw .invalid("\(path).value", "\(condition.operator.rawValue) compares with a number")
            }
        case .matchesRegex:
            guard let pattern = condition.value else { throw .invalid("\(path).value", "a pattern is required") }
            try Self.requireCompiles(
                "SELECT '' ~ \(EventFields.literal(pattern))", field: "\(path).value", pattern: pattern)
        case .equals, .notEquals, .contains, .notContains, .startsWith, .endsWith:
            guard condition.value != nil else {
                throw .invalid("\(path).value", "\(condition.operator.rawValue) compares with a value")
            }
        }
    }

    /// `reference` names an event field, an attribute of a lookup or profile dataset, or a derived field.
    func requireReference(_ reference: String, field: String, dataView: DataView, connection: JourneyConnection)
        throws(JourneyError)
    {
        guard referenceType(reference, dataView: dataView, connection: connection) != nil else {
            throw .invalid(field, "field '\(reference)' is not in the connection's datasets or derived fields")
        }
    }

    /// The type of what a component's field names (text for a derived field), or nil when it names nothing.
    func referenceType(_ reference: String, dataView: DataView, connection: JourneyConnection) -> DataType? {
        switch FieldReference(reference, connection: connection) {
        case let .event(path):
            return Self.fieldType(path, in: eventSchemas(of: connection))
        case let .derived(id):
            return dataView.derivedFields.contains { $0.id == id } ? .string : nil
        case let .attribute(dataset, path):
            guard let schema = datasets[connection.dataSets[dataset].datasetId]?.schema else { return nil }
            return FieldPath.type(of: path, in: schema)
        }
    }

    /// The pattern compiles where the engine uses it (the engine refuses some constructs in some functions).
    static func requireCompiles(_ sql: String, field: String, pattern: String) throws(JourneyError) {
        do {
            _ = try SQLEngine().plan(sql, catalog: InMemoryCatalog())
        } catch {
            throw .invalid(field, "the regular expression '\(pattern)' does not compile: \(error.message)")
        }
    }

    /// A derived field may not read itself, directly or through others.
    static func refuseCycles(_ dataView: DataView) throws(JourneyError) {
        let functions = Dictionary(
            dataView.derivedFields.map { ($0.id, $0.function) }, uniquingKeysWith: { first, _ in first })
        func dependencies(_ id: String) -> [String] {
            (functions[id]?.fields ?? []).compactMap { field in
                field.hasPrefix(DerivedField.referencePrefix)
                    ? String(field.dropFirst(DerivedField.referencePrefix.count)) : nil
            }
        }
        // Depth-first, with the ids on the current path: meeting one again is a cycle.
        var done: Set<String> = []
        for start in dataView.derivedFields.map(\.id) where !done.contains(start) {
            var stack: [(id: String, next: Int)] = [(start, 0)]
            var onPath: [String] = [start]
            while let top = stack.last {
                let children = dependencies(top.id)
                if top.next < children.count {
                    stack[stack.count - 1].next += 1
                    let child = children[top.next]
                    if onPath.contains(child) {
                        let cycle = (onPath.drop { $0 != child } + [child]).joined(separator: " -> ")
                        throw .invalid("derivedFields[\(child)].function", "derived fields form a cycle: \(cycle)")
                    }
                    if !done.contains(child), functions[child] != nil {
                        stack.append((child, 0))
                        onPath.append(child)
                    }
                } else {
                    done.insert(top.id)
                    stack.removeLast()
                    onPath.removeLast()
                }
            }
        }
    }
}
