import NIOCore
import Testing

@testable import PostgresWire

/// Every transition of the connection's protocol, without a socket.
@Suite struct ConnectionStateMachineTests {
    static let verifier = SCRAMVerifier(password: "key", salt: Array(repeating: 1, count: 16))

    static func machine(_ configuration: ConnectionStateMachine.Configuration = .init()) -> ConnectionStateMachine {
        ConnectionStateMachine(configuration: configuration, serverNonce: "servernonce")
    }

    static let startup = StartupMessage(parameters: [("user", "u"), ("database", "prod"), ("application_name", "t")])

    /// Runs start-up and SCRAM with `password`; returns the last action.
    static func login(
        _ machine: inout ConnectionStateMachine, password: String, verifier: SCRAMVerifier? = verifier
    ) -> ConnectionStateMachine.Action {
        #expect(machine.messageReceived(.startup(startup)) == .lookUpVerifier(user: "u", database: "prod"))
        #expect(machine.verifierReceived(verifier) == .send([.authentication(.sasl(mechanisms: ["SCRAM-SHA-256"]))]))
        let client = SCRAMClient(password: password, clientNonce: "clientnonce")
        var initial = ByteBuffer()
        initial.writeNullTerminatedString("SCRAM-SHA-256")
        initial.writeInteger(Int32(client.clientFirst.utf8.count))
        initial.writeString(client.clientFirst)
        guard case .send(let messages) = machine.messageReceived(.authenticationResponse(initial)),
            case .authentication(.saslContinue(let serverFirst)) = messages.first,
            let final = client.clientFinal(serverFirst: String(decoding: serverFirst, as: UTF8.self))
        else {
            Issue.record("no SASLContinue")
            return .none
        }
        return machine.messageReceived(.authenticationResponse(ByteBuffer(string: final)))
    }

    static func ready() -> ConnectionStateMachine {
        var machine = machine()
        _ = login(&machine, password: "key")
        _ = machine.sessionOpened(key: CancelRequest(processID: 1, secretKey: 2), parameters: [])
        return machine
    }

    @Test func aStartupWithoutUserIsFatal28000() {
        var machine = Self.machine()
        let action = machine.messageReceived(.startup(StartupMessage(parameters: [("database", "prod")])))
        guard case .close(let error?) = action else {
            Issue.record("expected a FATAL close, got \(action)")
            return
        }
        #expect(error.severity == .fatal)
        #expect(error.sqlState == "28000")
        #expect(machine.isClosed)
    }

    @Test func anotherProtocolVersionIsRefused() {
        var machine = Self.machine()
        let action = machine.messageReceived(
            .startup(StartupMessage(protocolVersion: 2 << 16, parameters: [("user", "u")])))
        guard case .close(let error?) = action else {
            Issue.record("expected a close, got \(action)")
            return
        }
        #expect(error.sqlState == "0A000")
        #expect(error.message == "unsupported frontend protocol 2.0: server supports 3.0 to 3.0")
    }

    @Test func beyondTheConnectionLimitTheStartupGetsFatal53300() {
        var machine = Self.machine(.init(admitted: false))
        #expect(
            machine.messageReceived(.startup(Self.startup))
                == .close(WireError(severity: .fatal, sqlState: "53300", message: "sorry, too many clients already")))
    }

    @Test func theRightPasswordOpensTheSessionAndReportsParameters() {
        var machine = Self.machine()
        let action = Self.login(&machine, password: "key")
        guard case .openSession(let login, let messages) = action else {
            Issue.record("expected openSession, got \(action)")
            return
        }
        #expect(login.user == "u" && login.database == "prod")
        #expect(messages.last == .authentication(.ok))
        guard case .authentication(.saslFinal(let final)) = messages.first else {
            Issue.record("no SASLFinal")
            return
        }
        #expect(String(decoding: final, as: UTF8.self).hasPrefix("v="))
        let opened = machine.sessionOpened(key: CancelRequest(processID: 9, secretKey: 3), parameters: [("x", "y")])
        guard case .send(let startupMessages) = opened else {
            Issue.record("expected parameters")
            return
        }
        #expect(startupMessages.contains(.parameterStatus(name: "server_version", value: "15.0 (Outflow)")))
        #expect(startupMessages.contains(.parameterStatus(name: "application_name", value: "t")))
        #expect(startupMessages.contains(.parameterStatus(name: "session_authorization", value: "u")))
        #expect(startupMessages.contains(.parameterStatus(name: "x", value: "y")))
        #expect(
            startupMessages.suffix(2) == [
                .backendKeyData(CancelRequest(processID: 9, secretKey: 3)), .readyForQuery(.idle),
            ])
        #expect(machine.isReady)
    }

    @Test func aWrongPasswordIsFatal28P01() {
        var machine = Self.machine()
        let action = Self.login(&machine, password: "nope")
        guard case .loginFailed(_, let error) = action else {
            Issue.record("expected loginFailed, got \(action)")
            return
        }
        #expect(
            error
                == WireError(
                    severity: .fatal, sqlState: "28P01", message: "password authentication failed for user \"u\""))
        #expect(machine.isClosed)
    }

    @Test func anUnknownUserFailsLikeAWrongPassword() {
        var machine = Self.machine()
        let action = Self.login(&machine, password: "key", verifier: nil)
        guard case .loginFailed(_, let error) = action else {
            Issue.record("expected loginFailed, got \(action)")
            return
        }
        #expect(error.sqlState == "28P01")
    }

    @Test func cleartextPasswordIsAskedOnlyOnTLSWhenEnabled() {
        var plain = Self.machine(.init(tlsAvailable: true, allowCleartextPassword: true))
        _ = plain.messageReceived(.startup(Self.startup))
        // No SSLRequest came: SCRAM even though cleartext is allowed.
        #expect(plain.verifierReceived(Self.verifier) == .send([.authentication(.sasl(mechanisms: ["SCRAM-SHA-256"]))]))

        var tls = Self.machine(.init(tlsAvailable: true, allowCleartextPassword: true))
        #expect(tls.messageReceived(.sslRequest) == .none)
        _ = tls.messageReceived(.startup(Self.startup))
        #expect(tls.verifierReceived(Self.verifier) == .send([.authentication(.cleartextPassword)]))
        var password = ByteBuffer()
        password.writeNullTerminatedString("key")
        #expect(tls.messageReceived(.authenticationResponse(password)) != .none)
        #expect(!tls.isClosed)
    }

    @Test func aSecondSSLRequestIsAProtocolViolation() {
        var machine = Self.machine()
        _ = machine.messageReceived(.sslRequest)
        #expect(machine.messageReceived(.sslRequest) == .close(.protocolViolation("unexpected SSL request")))
    }

    @Test func aCancelRequestCancelsAndCloses() {
        var machine = Self.machine()
        let key = CancelRequest(processID: 5, secretKey: 6)
        #expect(machine.messageReceived(.cancelRequest(key)) == .cancel(key))
        #expect(machine.isClosed)
    }

    @Test func aQueryBeforeAuthenticationIsAProtocolViolation() {
        var machine = Self.machine()
        _ = machine.messageReceived(.startup(Self.startup))
        _ = machine.verifierReceived(Self.verifier)
        guard case .close(let error?) = machine.messageReceived(.query("select 1")) else {
            Issue.record("expected a close")
            return
        }
        #expect(error.sqlState == "08P01")
    }

    @Test func anErrorInATransactionBlockFailsItUntilRollback() {
        var machine = Self.ready()
        #expect(machine.statementStarting(.begin) == .complete(tag: "BEGIN", notices: []))
        #expect(machine.transactionStatus == .inTransaction)
        #expect(machine.statementStarting(nil) == .run)
        _ = machine.errorOccurred(WireError(sqlState: "22012", message: "division by zero"), extendedProtocol: false)
        #expect(machine.transactionStatus == .failed)
        #expect(machine.simpleQueryFinished() == .send([.readyForQuery(.failed)]))
        #expect(machine.statementStarting(nil) == .fail(ConnectionStateMachine.inFailedTransaction))
        #expect(machine.admits(nil) == ConnectionStateMachine.inFailedTransaction)
        #expect(machine.admits(.rollback) == nil)
        // COMMIT of a failed block rolls back, as in PostgreSQL.
        #expect(machine.statementStarting(.commit) == .complete(tag: "ROLLBACK", notices: []))
        #expect(machine.transactionStatus == .idle)
    }

    @Test func anErrorOutsideATransactionBlockLeavesItIdle() {
        var machine = Self.ready()
        _ = machine.errorOccurred(WireError(sqlState: "22012", message: "division by zero"), extendedProtocol: false)
        #expect(machine.transactionStatus == .idle)
    }

    @Test func commitWithoutTransactionWarns() {
        var machine = Self.ready()
        guard case .complete("COMMIT", let notices) = machine.statementStarting(.commit) else {
            Issue.record("expected COMMIT")
            return
        }
        #expect(notices.map(\.sqlState) == ["25P01"])
    }

    @Test func afterAnExtendedProtocolErrorMessagesAreSkippedUntilSync() {
        var machine = Self.ready()
        #expect(machine.messageReceived(.parse(Parse(name: "", query: "x", parameterTypes: []))) != .none)
        _ = machine.errorOccurred(WireError(sqlState: "42601", message: "syntax error"), extendedProtocol: true)
        #expect(machine.skippingUntilSync)
        #expect(
            machine.messageReceived(
                .bind(Bind(portal: "", statement: "", parameterFormats: [], parameters: [], resultFormats: [])))
                == .none)
        #expect(machine.messageReceived(.execute(Execute(portal: "", maxRows: 0))) == .none)
        #expect(machine.messageReceived(.query("select 1")) == .none)
        #expect(machine.messageReceived(.sync) == .sync(.idle))
        #expect(!machine.skippingUntilSync)
        #expect(machine.messageReceived(.query("select 1")) == .simpleQuery("select 1"))
    }

    @Test func aFatalErrorFromTheSessionCloses() {
        var machine = Self.ready()
        let fatal = WireError(severity: .fatal, sqlState: "57P01", message: "terminating connection")
        #expect(machine.errorOccurred(fatal, extendedProtocol: false) == .close(fatal))
    }

    @Test func terminateCloses() {
        var machine = Self.ready()
        #expect(machine.messageReceived(.terminate) == .close(nil))
        #expect(machine.isClosed)
    }

    @Test(arguments: [
        ("BEGIN", TransactionCommand.begin), ("start transaction read only", .begin), ("commit", .commit),
        ("END", .commit), ("rollback work", .rollback), ("ABORT", .rollback),
    ])
    func transactionCommandsAreRecognized(sql: String, command: TransactionCommand) {
        #expect(TransactionCommand(sql: sql) == command)
    }

    @Test(arguments: ["select 1", "rollback to savepoint a", "begins", "commit prepared 'x'", ""])
    func otherStatementsAreNotTransactionCommands(sql: String) {
        #expect(TransactionCommand(sql: sql) == nil)
    }
}
