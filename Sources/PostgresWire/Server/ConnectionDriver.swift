import Logging
import NIOCore

/// Runs one connection: reads frontend messages, feeds them to the `ConnectionStateMachine` and performs its
/// actions (the authenticator, the session, writes). It runs on a task of its own, never on the event loop, so
/// statements and row encoding stay off it; every write waits for the channel to be writable.
struct ConnectionDriver {
    let channel: NIOAsyncChannel<FrontendMessage, BackendMessage>
    let configuration: PostgresServerConfiguration
    let sessions: any WireSessionFactory
    let authenticator: any WireAuthenticator
    let registry: BackendRegistry
    let logger: Logger
    var machine: ConnectionStateMachine

    var session: (any WireSession)?
    var handle: BackendHandle?
    var statements: [String: PreparedEntry] = [:]
    var portals: [String: Portal] = [:]

    /// Why the loop stops.
    struct Stop: Error {}

    mutating func run() async {
        do {
            try await channel.executeThenClose { inbound, outbound in
                var iterator = inbound.makeAsyncIterator()
                do {
                    while true {
                        let timer = scheduleTimeout()
                        let message = try await iterator.next()
                        timer?.cancel()
                        guard let message else { break }
                        let action = machine.messageReceived(message)
                        try await perform(action, outbound)
                    }
                } catch let error as WireError {
                    // The decoder's protocol violations (oversized, truncated, unknown messages).
                    try? await outbound.write(.error(error))
                } catch is Stop {
                }
            }
        } catch {
            logger.debug("postgres connection ended", metadata: ["error": "\(error)"])
        }
        machine.closed()
        if let handle { registry.unregister(handle.key) }
        await session?.close()
    }

    /// Closes the connection with a FATAL error when the client takes too long to log in, or idles too long.
    private func scheduleTimeout() -> Scheduled<Void>? {
        let channel = channel.channel
        if !machine.isReady {
            return channel.eventLoop.scheduleTask(in: configuration.authenticationTimeout) {
                channel.close(promise: nil)
            }
        }
        guard let idle = configuration.idleSessionTimeout else { return nil }
        return channel.eventLoop.scheduleTask(in: idle) {
            let error = WireError(
                severity: .fatal, sqlState: "57P05", message: "terminating connection due to idle-session timeout")
            channel.writeAndFlush(BackendMessage.error(error)).whenComplete { _ in channel.close(promise: nil) }
        }
    }

    typealias Outbound = NIOAsyncChannelOutboundWriter<BackendMessage>

    private mutating func perform(_ action: ConnectionStateMachine.Action, _ outbound: Outbound) async throws {
        switch action {
        case .none, .flush: return
        case .send(let messages): try await outbound.write(contentsOf: messages)
        case .lookUpVerifier(let user, let database):
            let verifier = await authenticator.verifier(user: user, database: database)
            let next = machine.verifierReceived(verifier)
            try await perform(next, outbound)
        case .loginFailed(let login, let error):
            await authenticator.loginFailed(
                user: login.user, database: login.database,
                remoteAddress: channel.channel.remoteAddress?.ipAddress, error: error)
            logger.info(
                "postgres login failed",
                metadata: ["user": "\(login.user)", "database": "\(login.database)", "sqlstate": "\(error.sqlState)"])
            try await outbound.write(.error(error))
            throw Stop()
        case .openSession(let login, let messages):
            try await outbound.write(contentsOf: messages)
            do {
                let opened = try await sessions.makeSession(
                    user: login.user, database: login.database, parameters: login.startup)
                session = opened
                let (key, handle) = registry.register(opened)
                self.handle = handle
                let next = machine.sessionOpened(key: key, parameters: opened.startupParameters)
                try await perform(next, outbound)
            } catch let stop as Stop {
                throw stop
            } catch {
                let next = machine.sessionFailed(Self.wireError(error))
                try await perform(next, outbound)
            }
        case .close(let error):
            if let error { try await outbound.write(.error(error)) }
            throw Stop()
        case .cancel(let key):
            registry.cancel(key)
            throw Stop()
        case .simpleQuery(let sql):
            try await runSimpleQuery(sql, outbound)
        case .sync(let status):
            if status != .inTransaction { portals.removeAll() }
            try await outbound.write(.readyForQuery(status))
        case .parse(let parse): try await extended(outbound) { try await $0.parse(parse, $1) }
        case .bind(let bind): try await extended(outbound) { try await $0.bind(bind, $1) }
        case .describe(let describe): try await extended(outbound) { try await $0.describe(describe, $1) }
        case .execute(let execute): try await extended(outbound) { try await $0.execute(execute, $1) }
        case .closeObject(let close):
            switch close.kind {
            case .statement: statements[close.name] = nil
            case .portal: portals[close.name] = nil
            }
            try await outbound.write(.closeComplete)
        }
    }

    /// Runs an extended-protocol step; a statement error is reported and skips the rest until Sync.
    private mutating func extended(
        _ outbound: Outbound, _ body: (inout ConnectionDriver, Outbound) async throws -> Void
    ) async throws {
        do {
            try await body(&self, outbound)
        } catch let stop as Stop {
            throw stop
        } catch let error as ChannelError {
            throw error
        } catch {
            let next = machine.errorOccurred(Self.wireError(error), extendedProtocol: true)
            try await perform(next, outbound)
        }
    }

    // MARK: - Simple query

    private mutating func runSimpleQuery(_ sql: String, _ outbound: Outbound) async throws {
        guard let session else { throw Stop() }
        do {
            let statements = try session.splitStatements(sql)
            if statements.isEmpty { try await outbound.write(.emptyQueryResponse) }
            for text in statements {
                let command = TransactionCommand(sql: text)
                let entry: PreparedEntry
                if command != nil {
                    entry = PreparedEntry(sql: text, statement: nil, command: command)
                } else {
                    if let refusal = machine.admits(nil) { throw refusal }
                    entry = PreparedEntry(
                        sql: text, statement: try await session.prepare(sql: text, parameterTypes: []), command: nil)
                }
                let portal = Portal(entry: entry, parameters: [], resultFormats: [])
                if let columns = entry.describedColumns {
                    try await outbound.write(.rowDescription(columns, formats: []))
                }
                try await run(portal, maxRows: 0, outbound)
            }
        } catch let stop as Stop {
            throw stop
        } catch let error as ChannelError {
            throw error
        } catch {
            let next = machine.errorOccurred(Self.wireError(error), extendedProtocol: false)
            try await perform(next, outbound)
        }
        try await perform(machine.simpleQueryFinished(), outbound)
    }

    // MARK: - Extended query

    private mutating func parse(_ parse: Parse, _ outbound: Outbound) async throws {
        guard let session else { throw Stop() }
        if !parse.name.isEmpty, statements[parse.name] != nil {
            throw WireError(sqlState: "42P05", message: "prepared statement \"\(parse.name)\" already exists")
        }
        let texts = try session.splitStatements(parse.query)
        guard texts.count <= 1 else {
            throw WireError(sqlState: "42601", message: "cannot insert multiple commands into a prepared statement")
        }
        let text = texts.first ?? ""
        let command = TransactionCommand(sql: text)
        if let refusal = machine.admits(command) { throw refusal }
        var entry = PreparedEntry(sql: text, statement: nil, command: command)
        if !text.isEmpty && command == nil {
            entry.statement = try await session.prepare(sql: text, parameterTypes: parse.parameterTypes)
        }
        statements[parse.name] = entry
        try await outbound.write(.parseComplete)
    }

    private mutating func bind(_ bind: Bind, _ outbound: Outbound) async throws {
        guard let entry = statements[bind.statement] else {
            throw WireError(sqlState: "26000", message: "prepared statement \"\(bind.statement)\" does not exist")
        }
        if let refusal = machine.admits(entry.command) { throw refusal }
        let types = entry.parameterTypes
        guard bind.parameters.count == types.count else {
            throw WireError(
                sqlState: "08P01",
                message: "bind message supplies \(bind.parameters.count) parameters, but prepared statement "
                    + "\"\(bind.statement)\" requires \(types.count)")
        }
        guard bind.parameterFormats.count <= 1 || bind.parameterFormats.count == types.count else {
            throw WireError(
                sqlState: "08P01",
                message: "bind message has \(bind.parameterFormats.count) parameter formats but "
                    + "\(types.count) parameters")
        }
        // A COPY returns no rows to format: its result formats are ignored, as PostgreSQL does.
        let columnCount = entry.describedColumns?.count ?? 0
        guard bind.resultFormats.count <= 1 || bind.resultFormats.count == columnCount || entry.copyOut != nil else {
            throw WireError(
                sqlState: "08P01",
                message: "bind message has \(bind.resultFormats.count) result formats but query has "
                    + "\(columnCount) columns")
        }
        if !bind.portal.isEmpty, portals[bind.portal] != nil {
            throw WireError(sqlState: "42P03", message: "cursor \"\(bind.portal)\" already exists")
        }
        let parameters = types.indices.map { index in
            WireParameter(
                bytes: bind.parameters[index], format: WireFormat.resolve(bind.parameterFormats, index: index),
                typeOID: types[index])
        }
        portals[bind.portal] = Portal(entry: entry, parameters: parameters, resultFormats: bind.resultFormats)
        try await outbound.write(.bindComplete)
    }

    private mutating func describe(_ describe: Describe, _ outbound: Outbound) async throws {
        switch describe.kind {
        case .statement:
            guard let entry = statements[describe.name] else {
                throw WireError(sqlState: "26000", message: "prepared statement \"\(describe.name)\" does not exist")
            }
            var messages: [BackendMessage] = [.parameterDescription(entry.parameterTypes)]
            messages.append(entry.describedColumns.map { BackendMessage.rowDescription($0, formats: []) } ?? .noData)
            try await outbound.write(contentsOf: messages)
        case .portal:
            guard let portal = portals[describe.name] else {
                if let columns = session?.describePortal(named: describe.name) {
                    try await outbound.write(.rowDescription(columns, formats: []))
                    return
                }
                throw WireError(sqlState: "34000", message: "portal \"\(describe.name)\" does not exist")
            }
            try await outbound.write(
                portal.entry.describedColumns.map { BackendMessage.rowDescription($0, formats: portal.resultFormats) }
                    ?? .noData)
        }
    }

    private mutating func execute(_ execute: Execute, _ outbound: Outbound) async throws {
        guard let portal = portals[execute.portal] else {
            throw WireError(sqlState: "34000", message: "portal \"\(execute.portal)\" does not exist")
        }
        if portal.isComplete && portal.entry.copyOut != nil {
            // A COPY runs once; PostgreSQL refuses to run its finished portal again.
            throw WireError(sqlState: "55000", message: "portal \"\(execute.portal)\" cannot be run")
        }
        try await run(portal, maxRows: Int(max(execute.maxRows, 0)), outbound)
    }

    // MARK: - Running a portal

    /// Runs (or resumes) `portal`, sending at most `maxRows` rows (0: all), then CommandComplete, or
    /// PortalSuspended when the limit stops it first. A COPY runs whole, whatever the limit.
    private mutating func run(_ portal: Portal, maxRows: Int, _ outbound: Outbound) async throws {
        if portal.entry.isEmpty {
            try await outbound.write(.emptyQueryResponse)
            return
        }
        if portal.isComplete {
            try await outbound.write(.commandComplete(portal.entry.columns == nil ? "" : "SELECT 0"))
            return
        }
        guard let session, let handle else { throw Stop() }
        if portal.cursor == nil {
            switch machine.statementStarting(portal.entry.command) {
            case .fail(let error): throw error
            case .complete(let tag, let notices):
                portal.isComplete = true
                let messages = notices.map { BackendMessage.notice($0) } + [BackendMessage.commandComplete(tag)]
                try await outbound.write(contentsOf: messages)
                return
            case .run:
                guard let statement = portal.entry.statement else { return }
                _ = handle.takeCancelRequest()
                portal.cursor = try await session.execute(statement, parameters: portal.parameters)
            }
        }
        guard let cursor = portal.cursor else { return }
        if let copyOut = portal.entry.copyOut {
            try await runCopy(portal, copyOut, cursor, handle, outbound)
            return
        }
        let writer = DataRowWriter(columns: portal.entry.columns ?? [], formats: portal.resultFormats)
        var sent = 0
        var buffer = channel.channel.allocator.buffer(capacity: configuration.writeChunkSize + 1024)
        while true {
            while portal.pendingStart < portal.pending.count && (maxRows == 0 || sent < maxRows) {
                try writer.write(portal.pending[portal.pendingStart], into: &buffer)
                portal.pendingStart += 1
                sent += 1
                if buffer.readableBytes >= configuration.writeChunkSize {
                    try await flush(&buffer, handle, outbound)
                }
            }
            if maxRows > 0 && sent == maxRows {
                try await flush(&buffer, handle, outbound)
                try await outbound.write(.portalSuspended)
                return
            }
            try await flush(&buffer, handle, outbound)
            switch try await cursor.next() {
            case .rows(let rows):
                portal.pending = rows
                portal.pendingStart = 0
            case .complete(var completion):
                portal.isComplete = true
                portal.cursor = nil
                if completion.command == "SELECT" { completion.rowCount = sent }
                var messages = completion.notices.map { BackendMessage.notice($0) }
                for (name, value) in completion.parameterChanges.sorted(by: { $0.key < $1.key }) {
                    messages.append(.parameterStatus(name: name, value: value))
                }
                messages.append(.commandComplete(completion.tag))
                try await outbound.write(contentsOf: messages)
                return
            }
        }
    }

    /// Writes the encoded rows (waiting while the client does not read), after checking for a cancel request.
    func flush(_ buffer: inout ByteBuffer, _ handle: BackendHandle, _ outbound: Outbound) async throws {
        if handle.takeCancelRequest() { throw WireError.queryCanceled }
        guard buffer.readableBytes > 0 else { return }
        let chunk = buffer
        buffer = channel.channel.allocator.buffer(capacity: configuration.writeChunkSize + 1024)
        try await outbound.write(.framed(chunk))
    }

    static func wireError(_ error: any Error) -> WireError {
        if let error = error as? WireError { return error }
        if error is CancellationError { return .queryCanceled }
        return WireError(sqlState: "XX000", message: "internal error: \(error)")
    }
}
