/// The object identifier types: `oid` is `bigint` here, `name` is `text`, and the `reg*` types are `bigint`
/// values marked by a `CatalogFunction.objectIdentifier` call, so that they compare as numbers and print as
/// names (`'web_events'::regclass`, `c.oid::regclass::text`, `atttypid::regtype` in a SELECT list).
extension Binder {
    /// The `reg*` kind a type name names (`regclass`, `pg_catalog.regtype`), nil for other types.
    static func objectIdentifierKind(_ name: TypeName) -> ObjectIdentifierKind? {
        guard name.arrayBounds.isEmpty, case let .named(objectName, modifiers) = name.base, modifiers.isEmpty,
            let last = objectName.name,
            objectName.parts.count == 1
                || (objectName.parts.count == 2 && objectName.parts[0].value == "pg_catalog")
        else { return nil }
        return ObjectIdentifierKind(rawValue: last.value)
    }

    func marker(_ kind: ObjectIdentifierKind, _ value: BoundExpression) -> BoundExpression {
        BoundExpression(.function(.catalog(.objectIdentifier(kind)), [value]), .bigint, at: value.position)
    }

    /// Casts to and from the `reg*` types, and of their values to text; nil for every other cast.
    func objectIdentifierCast(_ bound: BoundExpression, _ typeName: TypeName, at position: SourcePosition) throws
        -> BoundExpression?
    {
        let markedKind: ObjectIdentifierKind? = {
            if case let .function(.catalog(.objectIdentifier(kind)), _) = bound.kind { return kind }
            return nil
        }()
        if let kind = Binder.objectIdentifierKind(typeName) {
            if markedKind != nil { return marker(kind, Binder.oidValue(bound)) }
            if bound.type.isInteger {
                return marker(kind, try Operators.explicitCast(bound, to: .bigint, at: position))
            }
            if case .literal(.null) = bound.kind { return marker(kind, .literal(.null, .bigint)) }
            if let text = Binder.literalText(bound) {
                let oid = try objectIdentifier(kind, named: text, at: position)
                return marker(kind, BoundExpression(.literal(.int(oid)), .bigint, at: position))
            }
            if bound.type.isString {
                throw Binder.unsupported("a cast of a text value that is not a constant to \(kind.rawValue)", position)
            }
            throw SQLError(
                SQLState("42846"), "cannot cast type \(bound.type) to \(kind.rawValue)", position: position.reported)
        }
        guard let kind = markedKind else { return nil }
        let target = try resolveType(typeName)
        if target.isString { return try Operators.explicitCast(objectName(kind, bound), to: target, at: position) }
        return try Operators.explicitCast(Binder.oidValue(bound), to: target, at: position)
    }

    /// A `reg*` value as its name (text).
    func objectName(_ kind: ObjectIdentifierKind, _ bound: BoundExpression) -> BoundExpression {
        var names: [Int64: String] = [:]
        switch kind {
        case .regclass:
            for relation in catalogSnapshot().relations {
                let name = Binder.quotedIdentifier(relation.name)
                names[Int64(relation.oid)] =
                    relation.namespace == SystemNamespace.informationSchema ? "information_schema." + name : name
            }
        case .regtype:
            for type in PGTypeCatalog.types { names[Int64(type.oid)] = PGTypeCatalog.format(type.oid, typmod: nil) }
        case .regnamespace:
            for oid in [SystemNamespace.pgCatalog, SystemNamespace.publicSchema, SystemNamespace.informationSchema] {
                names[Int64(oid)] = CatalogSnapshot.namespaceName(oid)
            }
        case .regrole:
            names[Int64(SystemNamespace.owner)] = Binder.quotedIdentifier(catalog.session.user)
        case .regproc:
            for proc in PGProcCatalog.procs { names[Int64(proc.oid)] = proc.name }
        case .regprocedure:
            for proc in PGProcCatalog.procs {
                let arguments = proc.arguments.map { PGTypeCatalog.format($0, typmod: nil) }
                names[Int64(proc.oid)] = proc.name + "(" + arguments.joined(separator: ",") + ")"
            }
        default:
            break
        }
        return BoundExpression(
            .function(.catalog(.objectName(names)), [Binder.oidValue(bound)]), .text, at: bound.position)
    }

    /// The `reg*` kind of each output (nil for other values).
    static func objectIdentifierKinds(_ outputs: ArraySlice<BoundExpression>) -> [ObjectIdentifierKind?] {
        outputs.map { output in
            if case let .function(.catalog(.objectIdentifier(kind)), _) = output.kind { return kind }
            return nil
        }
    }

    /// A SELECT's `reg*` output columns as names, as PostgreSQL prints them: a projection above the sort, so
    /// that ORDER BY and DISTINCT still order and compare the OIDs.
    func displayingObjectNames(_ plan: LogicalPlan, _ kinds: [ObjectIdentifierKind?]) -> LogicalPlan {
        guard kinds.contains(where: { $0 != nil }) else { return plan }
        var columns = plan.columns
        let outputs = plan.columns.indices.map { index -> BoundExpression in
            let column = BoundExpression(.column(index), plan.columns[index].type)
            guard index < kinds.count, let kind = kinds[index] else { return column }
            columns[index].type = .text
            return objectName(kind, column)
        }
        return LogicalPlan(.project(plan, outputs), columns: columns)
    }

    /// The OID a name given as text stands for (`'web_events'::regclass`, `'int4'::regtype`); a number is
    /// taken as the OID itself. Unknown names fail as in PostgreSQL.
    func objectIdentifier(_ kind: ObjectIdentifierKind, named text: String, at position: SourcePosition) throws
        -> Int64
    {
        let trimmed = text.trimmingSpaces
        if let number = Int64(trimmed), number >= 0, number <= Int64(UInt32.max) { return number }
        switch kind {
        case .regclass:
            guard let parts = Binder.qualifiedName(trimmed) else {
                throw SQLError(.syntaxError, "invalid name syntax", position: position.reported)
            }
            let snapshot = catalogSnapshot()
            let namespaces = [
                SystemNamespace.pgCatalog, SystemNamespace.publicSchema, SystemNamespace.informationSchema,
            ]
            let schema = namespaces.first(where: {
                parts.count == 2 && CatalogSnapshot.namespaceName($0) == parts[0].value
            })
            if parts.count == 2, schema == nil {
                throw SQLError(
                    SQLState("3F000"), "schema \"\(parts[0].value)\" does not exist", position: position.reported)
            }
            let identifier = parts[parts.count - 1]
            let candidates = snapshot.relations.filter { relation in
                if let schema { return relation.namespace == schema }
                return parts.count == 1 && relation.namespace != SystemNamespace.informationSchema
            }
            // pg_catalog comes first on the search path, then public.
            let ordered =
                candidates.filter { $0.namespace == SystemNamespace.pgCatalog }
                + candidates.filter { $0.namespace != SystemNamespace.pgCatalog }
            if let found = ordered.first(where: { $0.name == identifier.value })
                ?? ordered.first(where: { NameMatch.matches(identifier, $0.name) })
            {
                return Int64(found.oid)
            }
            throw SQLError(.undefinedTable, "relation \"\(trimmed)\" does not exist", position: position.reported)
        case .regtype:
            let lowered = trimmed.lowercased()
            if let type = PGTypeCatalog.byName[
                lowered.hasPrefix("pg_catalog.") ? String(lowered.dropFirst(11)) : lowered]
            {
                return Int64(type.oid)
            }
            if case let .cast(_, typeName)? = (try? SQLParser.parseExpression("NULL::" + trimmed))?.kind,
                let type = try? resolveType(typeName)
            {
                return Int64(type.postgresTypeOID)
            }
            throw SQLError(.undefinedObject, "type \"\(trimmed)\" does not exist", position: position.reported)
        case .regnamespace:
            for oid in [SystemNamespace.pgCatalog, SystemNamespace.publicSchema, SystemNamespace.informationSchema]
            where CatalogSnapshot.namespaceName(oid) == Identifier.fold(trimmed) {
                return Int64(oid)
            }
            throw SQLError(SQLState("3F000"), "schema \"\(trimmed)\" does not exist", position: position.reported)
        case .regrole:
            if trimmed == catalog.session.user || Identifier.fold(trimmed) == catalog.session.user {
                return Int64(SystemNamespace.owner)
            }
            throw SQLError(.undefinedObject, "role \"\(trimmed)\" does not exist", position: position.reported)
        case .regproc, .regprocedure:
            // The functions of pg_proc by name (`pg_catalog.` allowed; regprocedure's argument list is not checked).
            var name = trimmed
            if let open = name.firstIndex(of: "(") { name = String(name[..<open]).trimmingSpaces }
            guard let parts = Binder.qualifiedName(name), parts.count <= 2,
                parts.count == 1 || parts[0].value == "pg_catalog"
            else {
                throw SQLError(.syntaxError, "invalid name syntax", position: position.reported)
            }
            guard let proc = PGProcCatalog.byName[parts[parts.count - 1].value] else {
                // pg_proc here holds the types' functions only: another name may well exist in PostgreSQL.
                throw Binder.unsupported(
                    "\(kind.rawValue) of a function other than a type's input, output, send or receive function",
                    position)
            }
            return Int64(proc.oid)
        default:
            throw Binder.unsupported("type \(kind.rawValue) of a name", position)
        }
    }

    /// `a`, `"A"`, `s.a`: the parts of a possibly qualified name written as text, nil when it is not one.
    static func qualifiedName(_ text: String) -> [Identifier]? {
        guard let tokens = try? SQLLexer.tokens(text) else { return nil }
        var parts: [Identifier] = []
        var expectName = true
        for token in tokens {
            switch token.kind {
            case let .identifier(identifier) where expectName: parts.append(identifier)
            case let .keyword(keyword) where expectName: parts.append(Identifier(keyword.rawValue))
            case .dot where !expectName: break
            case .end: continue
            default: return nil
            }
            expectName.toggle()
        }
        return !parts.isEmpty && parts.count <= 2 && !expectName ? parts : nil
    }

    /// PostgreSQL's `quote_ident`: bare when lower-case letters, digits and underscores (not first a digit) and
    /// not a keyword PostgreSQL reserves in names, double-quoted otherwise.
    static func quotedIdentifier(_ name: String) -> String {
        let plain =
            !name.isEmpty
            && name.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }
            && !("0"..."9").contains(name.unicodeScalars.first ?? "0")
        if plain, SQLKeyword(rawValue: name).map({ $0.category == .unreserved }) ?? true { return name }
        return "\"" + name.replacing("\"", with: "\"\"") + "\""
    }
}

extension String {
    fileprivate var trimmingSpaces: String {
        String(drop(while: { $0 == " " }).reversed().drop(while: { $0 == " " }).reversed())
    }
}

extension Binder {
    /// `oid` (and `xid`, `cid`) as `bigint`, `name` and `"char"` as `text`, and `pg_catalog.`-qualified type
    /// names (`pg_catalog.text`, `pg_catalog.int2[]`) as the unqualified ones. A `reg*` type anywhere but in a
    /// cast is `0A000`. Nil for other names.
    func resolveCatalogTypeName(_ objectName: ObjectName, _ modifiers: [Int], at position: SourcePosition) throws
        -> SQLType?
    {
        guard let last = objectName.name else { return nil }
        if objectName.parts.count == 1 {
            if let kind = ObjectIdentifierKind(rawValue: last.value) {
                throw Binder.unsupported("type \(kind.rawValue) outside a cast", position)
            }
            switch last.value {
            case "oid", "xid", "cid": return .bigint
            case "name", "char": return .text
            default: return nil
            }
        }
        guard objectName.parts.count == 2, objectName.parts[0].value == "pg_catalog" else { return nil }
        var text = last.description
        if !modifiers.isEmpty { text += "(" + modifiers.map(String.init).joined(separator: ",") + ")" }
        guard case let .cast(_, typeName)? = (try? SQLParser.parseExpression("NULL::" + text))?.kind else {
            return nil
        }
        return try resolveType(typeName)
    }
}

extension Binder {
    /// An operand of `op`: a `reg*` value stays its OID for comparisons and becomes its name for every other
    /// operator (`'x' || c.oid::regclass` concatenates the name, as PostgreSQL's output function gives it).
    func objectIdentifierOperand(_ op: BinaryOperator, _ bound: BoundExpression) -> BoundExpression {
        guard case let .function(.catalog(.objectIdentifier(kind)), _) = bound.kind else { return bound }
        switch op {
        case .equal, .notEqual, .less, .lessOrEqual, .greater, .greaterOrEqual: return bound
        default: return objectName(kind, bound)
        }
    }

    /// Arguments of functions that are not catalog functions: `reg*` values as their names.
    func objectIdentifierArguments(_ arguments: [BoundExpression]) -> [BoundExpression] {
        arguments.map { argument in
            guard case let .function(.catalog(.objectIdentifier(kind)), _) = argument.kind else { return argument }
            return objectName(kind, argument)
        }
    }
}
