public import Logging
public import NIOCore
public import NIOPosix
import Synchronization

/// The PostgreSQL endpoint: listens on `configuration.host:port`, runs each connection on a task of its own with
/// a `ConnectionDriver`, and serves sessions from `sessions` to logins that `authenticator` admits.
///
/// `bind` opens the socket (so the port is known, 0 picks a free one); `run` accepts until it is cancelled or
/// `close` is called.
public final class PostgresServer: Sendable {
    public let configuration: PostgresServerConfiguration
    /// The port actually bound.
    public let port: Int
    private let serverChannel: NIOAsyncChannel<Connection, Never>
    /// An accepted connection and the signal of its client going away.
    typealias Connection = (channel: NIOAsyncChannel<FrontendMessage, BackendMessage>, gone: ClientGoneSignal)
    private let sessions: any WireSessionFactory
    private let authenticator: any WireAuthenticator
    private let registry: BackendRegistry
    private let connections = Atomic<Int>(0)
    private let mockSecret: [UInt8]
    private let logger: Logger

    private init(
        configuration: PostgresServerConfiguration, port: Int,
        serverChannel: NIOAsyncChannel<Connection, Never>, registry: BackendRegistry,
        sessions: any WireSessionFactory, authenticator: any WireAuthenticator, logger: Logger
    ) {
        self.configuration = configuration
        self.registry = registry
        self.port = port
        self.serverChannel = serverChannel
        self.sessions = sessions
        self.authenticator = authenticator
        self.logger = logger
        var generator = SystemRandomNumberGenerator()
        self.mockSecret = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
    }

    /// Binds the listening socket.
    public static func bind(
        configuration: PostgresServerConfiguration, sessions: any WireSessionFactory,
        authenticator: any WireAuthenticator, group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        logger: Logger = Logger(label: "outflow.postgres")
    ) async throws -> PostgresServer {
        let maxMessageSize = configuration.maxMessageSize
        let tls = configuration.tls
        let registry = BackendRegistry()
        let channel = try await ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .bind(host: configuration.host, port: configuration.port) { child in
                child.eventLoop.makeCompletedFuture {
                    let pipeline = child.pipeline.syncOperations
                    try pipeline.addHandler(
                        ByteToMessageHandler(FrontendMessageDecoder(maxMessageSize: maxMessageSize)))
                    try pipeline.addHandler(MessageToByteHandler(BackendMessageEncoder()))
                    try pipeline.addHandler(EncryptionNegotiationHandler(tls: tls))
                    try pipeline.addHandler(CancelRequestHandler(registry: registry))
                    let gone = ClientGoneSignal()
                    try pipeline.addHandler(ClientGoneHandler(signal: gone))
                    let channel = try NIOAsyncChannel<FrontendMessage, BackendMessage>(
                        wrappingChannelSynchronously: child)
                    return (channel: channel, gone: gone)
                }
            }
        let port = channel.channel.localAddress?.port ?? configuration.port
        return PostgresServer(
            configuration: configuration, port: port, serverChannel: channel, registry: registry, sessions: sessions,
            authenticator: authenticator, logger: logger)
    }

    /// Accepts connections until the task is cancelled or the server is closed; returns once every connection has
    /// ended.
    public func run() async throws {
        try await serverChannel.executeThenClose { inbound in
            try await withThrowingDiscardingTaskGroup { group in
                for try await connection in inbound {
                    group.addTask { await self.serve(connection) }
                }
            }
        }
    }

    /// Stops accepting connections (those open run on until they end).
    public func close() async throws {
        try await serverChannel.channel.close()
    }

    /// The number of connections open now (tests and metrics).
    public var connectionCount: Int { connections.load(ordering: .relaxed) }

    private func serve(_ connection: Connection) async {
        let open = connections.wrappingAdd(1, ordering: .relaxed).newValue
        defer { connections.wrappingSubtract(1, ordering: .relaxed) }
        var parameters = ConnectionStateMachine.defaultServerParameters
        parameters.removeAll { $0.name == "server_version" }
        parameters.insert(("server_version", configuration.serverVersion), at: 0)
        let machineConfiguration = ConnectionStateMachine.Configuration(
            tlsAvailable: configuration.tls != nil, allowCleartextPassword: configuration.allowCleartextPassword,
            admitted: open <= configuration.maxConnections, serverParameters: parameters, mockSecret: mockSecret,
            trust: configuration.trust)
        let nonce = Self.makeNonce()
        // The driver runs in a task of its own that the client's going away cancels: a statement computing then (or
        // starting a moment later) is cancelled with it, as task cancellation is never lost.
        let task = Task {
            var driver = ConnectionDriver(
                channel: connection.channel, configuration: configuration, sessions: sessions,
                authenticator: authenticator, registry: registry, logger: logger,
                machine: ConnectionStateMachine(configuration: machineConfiguration, serverNonce: nonce))
            await driver.run()
        }
        connection.gone.onGone { task.cancel() }
        await withTaskCancellationHandler {
            await task.value
        } onCancel: {
            task.cancel()
        }
    }

    /// 18 random bytes, base64: printable and free of `,` as SCRAM requires.
    static func makeNonce() -> String {
        var generator = SystemRandomNumberGenerator()
        return Base64.encode((0..<18).map { _ in UInt8.random(in: 0...255, using: &generator) })
    }
}
