import Logging
import PostgresWire
import QueryService
import SQL

/// Opens a `QueryWireSession` per authenticated PostgreSQL connection: the database name selects the sandbox
/// (`prod`, or AEP's `prod:all`); `<sandbox>:cja` is reserved for the BI extension's data views. Start-up
/// parameters (`TimeZone`, `DateStyle`, `application_name`, `extra_float_digits`, `options=-c name=value`) are
/// applied as `SET` would apply them.
struct QueryEndpointSessions: WireSessionFactory {
    let sandboxes: @Sendable () async throws -> [String]
    let makeQuerySession: @Sendable (_ sandbox: String) -> QuerySession
    let logger: Logger

    /// Start-up parameters that are the protocol's, not settings.
    static let protocolParameters: Set<String> = ["user", "database", "options", "replication"]

    func makeSession(user: String, database: String, parameters: StartupMessage) async throws -> any WireSession {
        let known = try await sandboxes()
        let sandbox = try Self.sandbox(of: database, known: known)
        let session = makeQuerySession(sandbox)
        session.catalogSession = CatalogSession(database: sandbox, databases: known, user: user)
        var settings = parameters.parameters.filter { !Self.protocolParameters.contains($0.name.lowercased()) }
        settings += try Self.commandLineOptions(parameters.parameter("options") ?? "")
        for (name, value) in settings {
            try await Self.apply(name, value, to: session, logger: logger)
        }
        return QueryWireSession(session: session, logger: logger)
    }

    /// The sandbox a database name selects; an unknown one is FATAL 3D000, as PostgreSQL answers.
    static func sandbox(of database: String, known: [String]) throws -> String {
        var name = database
        if name.hasSuffix(":all") { name.removeLast(4) }
        if database.hasSuffix(":cja") {
            throw WireError(
                severity: .fatal, sqlState: "0A000",
                message: "database \"\(database)\" (data views for BI tools) is not available yet",
                hint: "Connect to \"\(database.dropLast(4))\" for the sandbox's datasets.")
        }
        guard known.contains(name) else {
            throw WireError(severity: .fatal, sqlState: "3D000", message: "database \"\(database)\" does not exist")
        }
        return name
    }

    /// `-c name=value` and `--name=value` pairs of the `options` start-up parameter (backslash escapes a space).
    static func commandLineOptions(_ options: String) throws -> [(name: String, value: String)] {
        var words: [String] = []
        var word = ""
        var escaped = false
        for character in options {
            if escaped {
                word.append(character)
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else if character == " " || character == "\t" {
                if !word.isEmpty { words.append(word) }
                word = ""
            } else {
                word.append(character)
            }
        }
        if !word.isEmpty { words.append(word) }
        var pairs: [(name: String, value: String)] = []
        var index = 0
        while index < words.count {
            var assignment = words[index]
            if assignment == "-c", index + 1 < words.count {
                index += 1
                assignment = words[index]
            } else if assignment.hasPrefix("--") {
                assignment.removeFirst(2)
            } else if assignment.hasPrefix("-c") {
                assignment.removeFirst(2)
            } else {
                throw WireError(
                    severity: .fatal, sqlState: "08P01", message: "invalid command-line argument: \(assignment)")
            }
            guard let equals = assignment.firstIndex(of: "=") else {
                throw WireError(
                    severity: .fatal, sqlState: "42601", message: "--\(assignment) requires a value")
            }
            pairs.append((String(assignment[..<equals]), String(assignment[assignment.index(after: equals)...])))
            index += 1
        }
        return pairs
    }

    /// Applies one start-up setting. Names the session does not know are ignored (logged): drivers send
    /// settings of their own (`extra_float_digits`, `geqo`) that change nothing here. A bad value is FATAL.
    static func apply(_ name: String, _ value: String, to session: QuerySession, logger: Logger) async throws {
        let valid =
            !name.isEmpty && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == ".") }
        guard valid else {
            throw WireError(
                severity: .fatal, sqlState: "42704", message: "unrecognized configuration parameter \"\(name)\"")
        }
        do {
            let statement = try SQLParser.parseStatement("SET \(name) TO \(SQLFormatter.stringLiteral(value))")
            _ = try await session.execute(statement)
        } catch  where error.state == .undefinedObject {
            logger.debug("ignoring start-up parameter", metadata: ["name": "\(name)"])
        } catch {
            var wire = WireValues.error(error)
            wire.severity = .fatal
            throw wire
        }
    }
}
