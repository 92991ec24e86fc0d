import Foundation
import NIOCore
import OutflowTestSupport
import PostgresWire

/// A `PostgresServer` on 127.0.0.1 and a free port, serving `FakeSession`s, for the tests with real clients. The
/// suites run `.onDedicatedThreads`: the server's connection tasks inherit that executor, so CPU-bound suites on
/// the cooperative pool beside them cannot starve a login past the client's timeout.
struct LiveServer {
    static let password = "outflow-test-key"

    let server: PostgresServer
    let sessions: FakeSessionFactory
    var port: Int { server.port }

    /// Runs `body` with a server up; stops it afterwards.
    static func with(
        _ configure: (inout PostgresServerConfiguration) -> Void = { _ in },
        _ body: (LiveServer) async throws -> Void
    ) async throws {
        var configuration = PostgresServerConfiguration(host: "127.0.0.1", port: 0)
        configure(&configuration)
        let sessions = FakeSessionFactory()
        let server = try await PostgresServer.bind(
            configuration: configuration, sessions: sessions,
            authenticator: SharedPasswordAuthenticator(password: password))
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await server.run() }
            do {
                try await body(LiveServer(server: server, sessions: sessions))
            } catch {
                try? await server.close()
                group.cancelAll()
                throw error
            }
            try? await server.close()
            group.cancelAll()
        }
    }

    /// Runs psql with `arguments` after the connection options (unaligned, tuples only, no psqlrc).
    func psql(
        _ arguments: [String], user: String = "u", database: String = "prod", password: String = LiveServer.password,
        sslMode: String = "prefer", input: [UInt8] = []
    ) async throws -> ChildProcess.Output {
        var environment = ProcessInfo.processInfo.environment
        environment["PGPASSWORD"] = password
        environment["PGSSLMODE"] = sslMode
        environment["PGCONNECT_TIMEOUT"] = "120"
        return try await ChildProcess.run(
            "/usr/bin/psql",
            [
                "-h", "127.0.0.1", "-p", String(port), "-U", user, "-d", database, "-X", "-A", "-t", "-v",
                "ON_ERROR_STOP=1",
            ]
                + arguments,
            input: input, environment: environment)
    }

    /// Runs a Python script (psycopg, pg8000 from the venv) with the port and password as argv[1] and argv[2].
    func python(_ script: String) async throws -> ChildProcess.Output {
        try await PythonPeer.run(["-c", script, String(port), Self.password])
    }

    /// The venv with psycopg and pg8000 that scripts/bootstrap installs.
    static var hasPythonClients: Bool {
        FileManager.default.isExecutableFile(
            atPath: PythonPeer.packageRoot.appendingPathComponent(".venv/bin/python").path)
    }

    static var hasPsql: Bool { FileManager.default.isExecutableFile(atPath: "/usr/bin/psql") }
}
