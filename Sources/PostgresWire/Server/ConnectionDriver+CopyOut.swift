import NIOCore

/// `COPY ... TO STDOUT`: the statement's rows as COPY data instead of DataRows.
extension ConnectionDriver {
    /// Sends the cursor's rows as COPY data: CopyOutResponse, one CopyData per row (written in chunks of about
    /// `writeChunkSize`, the next rows asked for only after the previous ones were written), CopyDone, `COPY n`.
    /// An error stops it with the ErrorResponse the caller sends, without CopyDone, as PostgreSQL does.
    func runCopy(
        _ portal: Portal, _ options: WireCopyOut, _ cursor: any WireResultCursor, _ handle: BackendHandle,
        _ outbound: Outbound
    ) async throws {
        let columns = portal.entry.columns ?? []
        var writer = CopyOutWriter(columns: columns, options: options)
        let format = options.wireFormat
        try await outbound.write(
            .copyOutResponse(format: format, columnFormats: Array(repeating: format, count: columns.count)))
        var sent = 0
        var buffer = channel.channel.allocator.buffer(capacity: configuration.writeChunkSize + 1024)
        while true {
            try await flush(&buffer, handle, outbound)
            switch try await cursor.next() {
            case .rows(let rows):
                for row in rows {
                    try writer.write(row, into: &buffer)
                    sent += 1
                    if buffer.readableBytes >= configuration.writeChunkSize {
                        try await flush(&buffer, handle, outbound)
                    }
                }
            case .complete(let completion):
                portal.isComplete = true
                portal.cursor = nil
                writer.finish(into: &buffer)
                try await flush(&buffer, handle, outbound)
                var messages: [BackendMessage] = [.copyDone]
                messages += completion.notices.map { BackendMessage.notice($0) }
                for (name, value) in completion.parameterChanges.sorted(by: { $0.key < $1.key }) {
                    messages.append(.parameterStatus(name: name, value: value))
                }
                messages.append(.commandComplete("COPY \(sent)"))
                try await outbound.write(contentsOf: messages)
                return
            }
        }
    }
}
