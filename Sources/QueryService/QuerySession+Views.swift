import Foundation
import SQL

/// CREATE [OR REPLACE] VIEW and DROP VIEW: views stored in the `QueryStore`, expanded where they are named.
extension QuerySession {
    func createView(_ create: CreateView) async throws(SQLError) -> StatementResult {
        let identifier = try relationName(create.name)
        let catalog = try await catalog()
        var previous: SQLView?
        switch Self.find(identifier, in: catalog) {
        case let .table(stored)?:
            if create.orReplace {
                throw SQLError(SQLState("42809"), "\"\(stored)\" is not a view")
            }
            throw SQLError(.duplicateTable, "relation \"\(stored)\" already exists")
        case let .view(stored)?:
            guard create.orReplace else { throw SQLError(.duplicateTable, "relation \"\(stored)\" already exists") }
            previous = catalog.views[stored]
        case nil:
            break
        }
        // Bound now, so a view over a missing table or a wrong query is refused when it is created.
        let plan = try engine.bind(create.query, catalog: catalog)
        guard create.columns.count <= plan.columns.count else {
            throw SQLError(.syntaxError, "CREATE VIEW specifies more column names than columns")
        }
        var columns = plan.columns.map(\.name)
        for (index, column) in create.columns.enumerated() { columns[index] = column.value }
        var seen = Set<String>()
        for column in columns where !seen.insert(column).inserted {
            throw SQLError(SQLState("42701"), "column \"\(column)\" specified more than once")
        }
        if let previous {
            guard columns.count >= previous.columns.count else {
                throw SQLError(SQLState("42P16"), "cannot drop columns from view")
            }
            for (old, new) in zip(previous.columns, columns) where old != new {
                throw SQLError(
                    SQLState("42P16"), "cannot change name of view column \"\(old)\" to \"\(new)\"",
                    hint: "Use ALTER VIEW ... RENAME COLUMN ... to change name of view column instead.")
            }
        }
        let name = previous?.name ?? identifier.value
        let view = StoredView(
            sandbox: sandbox, name: name, sql: Statement.query(create.query).description, columns: columns,
            created: Int64(Date().timeIntervalSince1970 * 1000))
        let saved: Bool
        do {
            saved = try await store.saveView(view, replace: create.orReplace)
        } catch {
            throw Self.sqlError(error)
        }
        guard saved else { throw SQLError(.duplicateTable, "relation \"\(name)\" already exists") }
        return StatementResult(tag: "CREATE VIEW")
    }

    func dropViews(_ drop: Drop) async throws(SQLError) -> StatementResult {
        let catalog = try await catalog()
        var doomed: [String] = []
        for name in drop.names {
            let identifier = try relationName(name)
            switch Self.find(identifier, in: catalog) {
            case nil:
                if drop.ifExists { continue }
                throw SQLError(.undefinedTable, "view \"\(identifier.original)\" does not exist")
            case let .table(stored)?:
                throw SQLError(
                    SQLState("42809"), "\"\(stored)\" is not a view", hint: "Use DROP TABLE to remove a table.")
            case let .view(stored)?:
                doomed.append(stored)
            }
        }
        for name in doomed {
            do {
                _ = try await store.deleteView(sandbox: sandbox, name: name)
            } catch {
                throw Self.sqlError(error)
            }
        }
        return StatementResult(tag: "DROP VIEW")
    }
}
