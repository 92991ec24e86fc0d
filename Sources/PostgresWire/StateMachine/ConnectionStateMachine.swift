import NIOCore

/// One connection's protocol as a value: frontend messages and the results of the driver's work go in, actions come
/// out. It does no I/O; `ConnectionDriver` performs the actions, and tests drive every transition without a socket.
public struct ConnectionStateMachine: Sendable {
    public struct Configuration: Sendable {
        /// A certificate is configured: an SSLRequest is answered `S`.
        public var tlsAvailable: Bool
        /// Offer a cleartext password (only ever on a TLS connection) instead of SCRAM.
        public var allowCleartextPassword: Bool
        /// False once the connection limit is reached: the StartupMessage gets FATAL 53300.
        public var admitted: Bool
        /// The ParameterStatus values every session starts with.
        public var serverParameters: [(name: String, value: String)]
        /// The server-wide secret the mock verifier of an unknown user derives from, so that its salt is as stable
        /// as a real user's and does not tell the two apart.
        public var mockSecret: [UInt8]
        /// Log in without a password (PostgreSQL's `trust`): for a server whose operator chose no credentials.
        public var trust: Bool

        public init(
            tlsAvailable: Bool = false, allowCleartextPassword: Bool = false, admitted: Bool = true,
            serverParameters: [(name: String, value: String)] = ConnectionStateMachine.defaultServerParameters,
            mockSecret: [UInt8] = [], trust: Bool = false
        ) {
            self.trust = trust
            self.tlsAvailable = tlsAvailable
            self.allowCleartextPassword = allowCleartextPassword
            self.admitted = admitted
            self.serverParameters = serverParameters
            self.mockSecret = mockSecret
        }
    }

    /// What PostgreSQL 15 reports at start-up (application_name and session_authorization follow the client).
    public static let defaultServerParameters: [(name: String, value: String)] = [
        ("server_version", "15.0 (Outflow)"), ("server_encoding", "UTF8"), ("client_encoding", "UTF8"),
        ("DateStyle", "ISO, MDY"), ("IntervalStyle", "postgres"), ("TimeZone", "UTC"), ("integer_datetimes", "on"),
        ("standard_conforming_strings", "on"), ("is_superuser", "off"), ("default_transaction_read_only", "off"),
        ("in_hot_standby", "off"),
    ]

    /// Who is logging in.
    public struct Login: Sendable, Equatable {
        public var user: String
        public var database: String
        public var startup: StartupMessage
    }

    enum State: Sendable {
        case startup(encryptionNegotiated: Bool)
        case awaitingVerifier(Login)
        case awaitingSASLInitialResponse(Login, SCRAMServerExchange, knownUser: Bool)
        case awaitingSASLResponse(Login, SCRAMServerExchange, knownUser: Bool)
        case awaitingPassword(Login, SCRAMVerifier?)
        case openingSession(Login)
        case ready
        case closed
    }

    public enum Action: Sendable, Equatable {
        case none
        case send([BackendMessage])
        /// Ask the authenticator for the user's verifier, then call `verifierReceived`.
        case lookUpVerifier(user: String, database: String)
        /// Report the failed login to the authenticator, send the FATAL error, close.
        case loginFailed(Login, WireError)
        /// Send `messages` (the end of authentication), open the session, then call `sessionOpened` or
        /// `sessionFailed`.
        case openSession(Login, send: [BackendMessage])
        /// Send the error (if any) and close the connection.
        case close(WireError?)
        /// Cancel the query of the connection with this key, then close without answering.
        case cancel(CancelRequest)
        case simpleQuery(String)
        case parse(Parse)
        case bind(Bind)
        case describe(Describe)
        case execute(Execute)
        case closeObject(Close)
        /// Send ReadyForQuery with the status.
        case sync(TransactionStatus)
        case flush
    }

    /// Whether a statement runs, is answered by the server itself, or fails.
    public enum StatementDecision: Sendable, Equatable {
        case run
        case complete(tag: String, notices: [WireError])
        case fail(WireError)
    }

    private var state: State = .startup(encryptionNegotiated: false)
    public private(set) var transactionStatus: TransactionStatus = .idle
    /// After an error in the extended protocol, every message up to Sync is ignored.
    public private(set) var skippingUntilSync = false
    public private(set) var tlsActive = false
    private let configuration: Configuration
    private let serverNonce: String

    /// `serverNonce`: the SCRAM server nonce for this connection (random, printable, no `,`).
    public init(configuration: Configuration, serverNonce: String) {
        self.configuration = configuration
        self.serverNonce = serverNonce
    }

    public var isReady: Bool {
        if case .ready = state { return true }
        return false
    }

    public var isClosed: Bool {
        if case .closed = state { return true }
        return false
    }

    // MARK: - Frontend messages

    public mutating func messageReceived(_ message: FrontendMessage) -> Action {
        switch state {
        case .startup(let negotiated): return startupMessageReceived(message, encryptionNegotiated: negotiated)
        case .awaitingSASLInitialResponse(let login, var exchange, let known):
            guard case .authenticationResponse(var body) = message else { return unexpected(message) }
            guard let mechanism = body.readNullTerminatedString(), let length = body.readInteger(as: Int32.self),
                length == -1 || Int(length) == body.readableBytes
            else { return fail(.protocolViolation("malformed SASL initial response")) }
            guard mechanism == "SCRAM-SHA-256" else {
                return fail(.protocolViolation("client selected an invalid SASL authentication mechanism"))
            }
            let text = String(buffer: body)
            do {
                let serverFirst = try exchange.clientFirstReceived(text)
                state = .awaitingSASLResponse(login, exchange, knownUser: known)
                return .send([.authentication(.saslContinue(Array(serverFirst.utf8)))])
            } catch {
                return scramFailed(login, error)
            }
        case .awaitingSASLResponse(let login, var exchange, let known):
            guard case .authenticationResponse(let body) = message else { return unexpected(message) }
            do {
                let serverFinal = try exchange.clientFinalReceived(String(buffer: body))
                guard known else { return scramFailed(login, .wrongProof) }
                state = .openingSession(login)
                return .openSession(
                    login, send: [.authentication(.saslFinal(Array(serverFinal.utf8))), .authentication(.ok)])
            } catch {
                return scramFailed(login, error)
            }
        case .awaitingPassword(let login, let verifier):
            guard case .authenticationResponse(var body) = message else { return unexpected(message) }
            guard let password = body.readNullTerminatedString(), body.readableBytes == 0 else {
                return fail(.protocolViolation("invalid password packet size"))
            }
            guard let verifier, !password.isEmpty, verifier.matches(password: password) else {
                return loginFailed(login)
            }
            state = .openingSession(login)
            return .openSession(login, send: [.authentication(.ok)])
        case .awaitingVerifier, .openingSession:
            return unexpected(message)
        case .ready:
            return queryMessageReceived(message)
        case .closed:
            return .none
        }
    }

    private mutating func startupMessageReceived(_ message: FrontendMessage, encryptionNegotiated: Bool) -> Action {
        switch message {
        case .sslRequest:
            guard !encryptionNegotiated else { return fail(.protocolViolation("unexpected SSL request")) }
            // The channel handler has answered already (it must switch to TLS before the next byte arrives).
            tlsActive = configuration.tlsAvailable
            state = .startup(encryptionNegotiated: true)
            return .none
        case .gssEncryptionRequest:
            return .none
        case .cancelRequest(let key):
            state = .closed
            return .cancel(key)
        case .startup(let startup):
            guard startup.protocolVersion >> 16 == 3 else {
                let major = startup.protocolVersion >> 16
                let minor = startup.protocolVersion & 0xFFFF
                return fail(
                    WireError(
                        severity: .fatal, sqlState: "0A000",
                        message: "unsupported frontend protocol \(major).\(minor): server supports 3.0 to 3.0"))
            }
            guard configuration.admitted else {
                return fail(WireError(severity: .fatal, sqlState: "53300", message: "sorry, too many clients already"))
            }
            guard let user = startup.parameter("user"), !user.isEmpty else {
                return fail(
                    WireError(
                        severity: .fatal, sqlState: "28000",
                        message: "no PostgreSQL user name specified in startup packet"))
            }
            if let replication = startup.parameter("replication"), replication != "false", replication != "off" {
                return fail(
                    WireError(severity: .fatal, sqlState: "0A000", message: "replication connections are not supported")
                )
            }
            let database = startup.parameter("database").flatMap { $0.isEmpty ? nil : $0 } ?? user
            if configuration.trust {
                let login = Login(user: user, database: database, startup: startup)
                state = .openingSession(login)
                return .openSession(login, send: [.authentication(.ok)])
            }
            state = .awaitingVerifier(Login(user: user, database: database, startup: startup))
            return .lookUpVerifier(user: user, database: database)
        default:
            return unexpected(message)
        }
    }

    // MARK: - Results of the driver's work

    /// The authenticator answered: ask for a SCRAM exchange, or a cleartext password on TLS when allowed.
    public mutating func verifierReceived(_ verifier: SCRAMVerifier?) -> Action {
        guard case .awaitingVerifier(let login) = state else { return .none }
        if tlsActive && configuration.allowCleartextPassword {
            state = .awaitingPassword(login, verifier)
            return .send([.authentication(.cleartextPassword)])
        }
        let exchange = SCRAMServerExchange(
            verifier: verifier ?? mockVerifier(for: login.user), serverNonce: serverNonce)
        state = .awaitingSASLInitialResponse(login, exchange, knownUser: verifier != nil)
        return .send([.authentication(.sasl(mechanisms: ["SCRAM-SHA-256"]))])
    }

    /// The session is open: report the parameters and the backend key, and become ready.
    public mutating func sessionOpened(key: CancelRequest, parameters: [(name: String, value: String)]) -> Action {
        guard case .openingSession(let login) = state else { return .none }
        state = .ready
        var values = configuration.serverParameters
        values.append(("application_name", login.startup.parameter("application_name") ?? ""))
        values.append(("session_authorization", login.user))
        for parameter in parameters {
            values.removeAll { $0.name == parameter.name }
            values.append(parameter)
        }
        var messages = values.map { BackendMessage.parameterStatus(name: $0.name, value: $0.value) }
        messages.append(.backendKeyData(key))
        messages.append(.readyForQuery(.idle))
        return .send(messages)
    }

    public mutating func sessionFailed(_ error: WireError) -> Action {
        var fatal = error
        fatal.severity = .fatal
        return fail(fatal)
    }

    /// Whether the statement (by its transaction command, if it is one) runs, is answered here, or is refused
    /// because the transaction block failed; BEGIN/COMMIT/ROLLBACK move the transaction status.
    public mutating func statementStarting(_ command: TransactionCommand?) -> StatementDecision {
        switch (command, transactionStatus) {
        case (nil, .failed), (.begin, .failed):
            return .fail(Self.inFailedTransaction)
        case (nil, _):
            return .run
        case (.begin, .idle):
            transactionStatus = .inTransaction
            return .complete(tag: "BEGIN", notices: [])
        case (.begin, .inTransaction):
            return .complete(
                tag: "BEGIN",
                notices: [
                    WireError(
                        severity: .warning, sqlState: "25001", message: "there is already a transaction in progress")
                ])
        case (.commit, .idle), (.rollback, .idle):
            return .complete(
                tag: command == .commit ? "COMMIT" : "ROLLBACK",
                notices: [
                    WireError(severity: .warning, sqlState: "25P01", message: "there is no transaction in progress")
                ])
        case (.commit, .inTransaction):
            transactionStatus = .idle
            return .complete(tag: "COMMIT", notices: [])
        case (.commit, .failed), (.rollback, _):
            transactionStatus = .idle
            return .complete(tag: "ROLLBACK", notices: [])
        }
    }

    /// Whether a statement may be parsed or bound now (in a failed transaction block only COMMIT/ROLLBACK may).
    public func admits(_ command: TransactionCommand?) -> WireError? {
        guard transactionStatus == .failed else { return nil }
        return command == .commit || command == .rollback ? nil : Self.inFailedTransaction
    }

    static let inFailedTransaction = WireError(
        sqlState: "25P02", message: "current transaction is aborted, commands ignored until end of transaction block")

    /// A statement failed: send the error; a FATAL one closes, one in a transaction block fails the block, and one
    /// in the extended protocol skips messages until Sync.
    public mutating func errorOccurred(_ error: WireError, extendedProtocol: Bool) -> Action {
        if error.severity == .fatal { return fail(error) }
        if transactionStatus == .inTransaction { transactionStatus = .failed }
        if extendedProtocol { skippingUntilSync = true }
        return .send([.error(error)])
    }

    /// The simple query's statements are done (or one failed): ReadyForQuery.
    public func simpleQueryFinished() -> Action {
        .send([.readyForQuery(transactionStatus)])
    }

    /// The connection broke or timed out.
    public mutating func closed() {
        state = .closed
    }

    // MARK: - The query phase

    private mutating func queryMessageReceived(_ message: FrontendMessage) -> Action {
        switch message {
        case .terminate:
            state = .closed
            return .close(nil)
        case .sync:
            skippingUntilSync = false
            return .sync(transactionStatus)
        case _ where skippingUntilSync:
            return .none
        case .query(let sql): return .simpleQuery(sql)
        case .parse(let parse): return .parse(parse)
        case .bind(let bind): return .bind(bind)
        case .describe(let describe): return .describe(describe)
        case .execute(let execute): return .execute(execute)
        case .close(let close): return .closeObject(close)
        case .flush: return .flush
        case .copyData, .copyDone, .copyFail:
            // COPY FROM STDIN is not offered; stray COPY messages outside COPY IN are ignored, as PostgreSQL does.
            return .none
        case .sslRequest, .gssEncryptionRequest, .cancelRequest, .startup, .authenticationResponse:
            return unexpected(message)
        }
    }

    // MARK: - Failures

    private mutating func fail(_ error: WireError) -> Action {
        state = .closed
        return .close(error)
    }

    private mutating func unexpected(_ message: FrontendMessage) -> Action {
        fail(.protocolViolation("unexpected message at this point: \(Self.name(of: message))"))
    }

    private mutating func loginFailed(_ login: Login) -> Action {
        state = .closed
        return .loginFailed(
            login,
            WireError(
                severity: .fatal, sqlState: "28P01",
                message: "password authentication failed for user \"\(login.user)\""))
    }

    private mutating func scramFailed(_ login: Login, _ failure: SCRAMServerExchange.Failure) -> Action {
        switch failure {
        case .wrongProof: return loginFailed(login)
        case .malformed(let message):
            state = .closed
            return .loginFailed(login, .protocolViolation(message))
        }
    }

    /// A verifier no password is known to match, stable per user name for the server's mock secret.
    private func mockVerifier(for user: String) -> SCRAMVerifier {
        let seed = SCRAMVerifier.hmac(key: configuration.mockSecret + Array("mock".utf8), user)
        return SCRAMVerifier(
            salt: Array(seed.prefix(16)), iterations: 4096, storedKey: SCRAMVerifier.hmac(key: seed, "stored"),
            serverKey: SCRAMVerifier.hmac(key: seed, "server"))
    }

    static func name(of message: FrontendMessage) -> String {
        switch message {
        case .sslRequest: "SSLRequest"
        case .gssEncryptionRequest: "GSSENCRequest"
        case .cancelRequest: "CancelRequest"
        case .startup: "StartupMessage"
        case .authenticationResponse: "PasswordMessage"
        case .query: "Query"
        case .parse: "Parse"
        case .bind: "Bind"
        case .describe: "Describe"
        case .execute: "Execute"
        case .close: "Close"
        case .sync: "Sync"
        case .flush: "Flush"
        case .terminate: "Terminate"
        case .copyData: "CopyData"
        case .copyDone: "CopyDone"
        case .copyFail: "CopyFail"
        }
    }
}
