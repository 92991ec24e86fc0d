import Destinations
import PostgresWire
import SQL
import Testing

@testable import OutflowServer

/// The PostgreSQL endpoint's pure parts: cursor commands, start-up options, database names, the login throttle and
/// the values sent for the engine's types.
@Suite struct QueryEndpointTests {
    @Test func cursorCommandsParse() throws {
        #expect(
            try CursorCommand("DECLARE \"c1\" NO SCROLL CURSOR WITH HOLD FOR SELECT 1")
                == .declare(name: "c1", query: "SELECT 1", queryOffset: 44))
        #expect(try CursorCommand("FETCH FORWARD 100 FROM \"c1\"") == .fetch(name: "c1", count: 100, move: false))
        #expect(try CursorCommand("fetch all in c") == .fetch(name: "c", count: nil, move: false))
        #expect(try CursorCommand("FETCH c") == .fetch(name: "c", count: 1, move: false))
        #expect(try CursorCommand("MOVE 5 FROM c") == .fetch(name: "c", count: 5, move: true))
        #expect(try CursorCommand("CLOSE ALL") == .close(name: nil))
        #expect(try CursorCommand("CLOSE \"all\"") == .close(name: "all"))
        #expect(try CursorCommand("SELECT 1") == nil)
    }

    @Test func cursorsOnlyScanForward() {
        for sql in ["FETCH BACKWARD 1 FROM c", "FETCH PRIOR FROM c", "MOVE ABSOLUTE 3 FROM c", "FETCH -2 FROM c"] {
            let error = #expect(throws: WireError.self) { try CursorCommand(sql) }
            #expect(error?.sqlState == "55000")
        }
        let error = #expect(throws: WireError.self) { try CursorCommand("DECLARE c FOR SELECT 1") }
        #expect(error?.sqlState == "42601")
    }

    @Test func startupOptionsAreSettings() throws {
        let pairs = try QueryEndpointSessions.commandLineOptions(
            "-c statement_timeout=5s --TimeZone=Europe/Paris -cfoo.bar=a\\ b")
        #expect(pairs.map(\.name) == ["statement_timeout", "TimeZone", "foo.bar"])
        #expect(pairs.map(\.value) == ["5s", "Europe/Paris", "a b"])
        #expect(throws: WireError.self) { try QueryEndpointSessions.commandLineOptions("statement_timeout=1") }
        #expect(throws: WireError.self) { try QueryEndpointSessions.commandLineOptions("-c statement_timeout") }
    }

    @Test func databaseNamesSelectSandboxes() throws {
        #expect(try QueryEndpointSessions.sandbox(of: "prod", known: ["prod", "dev"]) == "prod")
        #expect(try QueryEndpointSessions.sandbox(of: "prod:all", known: ["prod"]) == "prod")
        let unknown = #expect(throws: WireError.self) { try QueryEndpointSessions.sandbox(of: "qa", known: ["prod"]) }
        #expect(unknown?.sqlState == "3D000")
        #expect(unknown?.severity == .fatal)
        let reserved = #expect(throws: WireError.self) {
            try QueryEndpointSessions.sandbox(of: "prod:cja", known: ["prod"])
        }
        #expect(reserved?.sqlState == "0A000")
    }

    @Test func failedLoginsDoubleThePauseUpToTheCapAndAgeOut() {
        let throttle = LoginThrottle()
        let start = ContinuousClock.now
        let pauses = (0..<8).map { throttle.failed(address: "127.0.0.1", at: start + .seconds($0)) }
        #expect(pauses.prefix(4) == [.milliseconds(100), .milliseconds(200), .milliseconds(400), .milliseconds(800)])
        #expect(pauses.last == .seconds(5))
        // Another address has its own count; a minute later the failures have aged out.
        #expect(throttle.failed(address: "127.0.0.2", at: start) == .milliseconds(100))
        #expect(throttle.failed(address: "127.0.0.1", at: start + .seconds(120)) == .milliseconds(100))
    }

    @Test func utilityStatementsAnswerWithTheirTag() {
        #expect(UtilityStatement("DISCARD ALL")?.tag == "DISCARD ALL")
        #expect(UtilityStatement("deallocate prepare s1")?.tag == "DEALLOCATE")
        #expect(UtilityStatement("DEALLOCATE ALL")?.tag == "DEALLOCATE ALL")
        #expect(UtilityStatement("DISCARD everything") == nil)
        #expect(UtilityStatement("SELECT 1") == nil)
    }

    @Test func valuesCountFromPostgreSQLsEpoch() {
        #expect(WireValues.value(.date(10_957), .date, utc: true) == .date(0))
        #expect(WireValues.value(.timestamp(946_684_800_000_000), .timestamptz, utc: true) == .timestamptz(0))
        #expect(WireValues.value(.date(Int32.max), .date, utc: true) == .date(Int32.max))
        #expect(WireValues.value(.int(7), .smallint, utc: true) == .int16(7))
        #expect(WireValues.value(.float(1.5), .real, utc: true) == .float32(1.5))
        #expect(WireValues.value(.null, .text, utc: true) == .null)
    }
}

@Suite struct QueryEndpointListenerTests {
    @Test func destinationsCannotReachThePostgreSQLEndpoint() throws {
        var configuration = OutflowConfiguration(port: 8080)
        configuration.outboundAllowList = "127.0.0.0/8"
        configuration.postgresPort = 5433
        let policy = try configuration.outboundPolicy(localAddresses: [])
        let loopback = try #require(IPAddress("127.0.0.1"))
        #expect(policy.refusal(address: loopback, host: "127.0.0.1", port: 5433) == .ownListener)
        #expect(policy.refusal(address: loopback, host: "127.0.0.1", port: 8080) == .ownListener)
        #expect(policy.refusal(address: loopback, host: "127.0.0.1", port: 5434) == nil)
    }

    @Test func postgresPortSettings() {
        var configuration = OutflowConfiguration()
        #expect(configuration.postgresPort == 5433)
        let off = configuration.setPostgresPort("off")
        #expect(off && configuration.postgresPort == nil)
        let any = configuration.setPostgresPort("0")
        #expect(any && configuration.postgresPort == 0)
        let tooHigh = configuration.setPostgresPort("70000")
        #expect(!tooHigh && configuration.postgresPort == 0)
        let word = configuration.setPostgresPort("x")
        #expect(!word)
        let resolved = OutflowConfiguration.resolve(environment: ["OUTFLOW_PG_PORT": "6543"])
        #expect(resolved.postgresPort == 6543)
    }
}
