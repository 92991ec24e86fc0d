public import NIOCore

/// A message from the server (backend) to the client. `BackendMessageEncoder` writes each one.
public enum BackendMessage: Sendable, Equatable {
    /// The one-byte answer to an SSLRequest or GSSENCRequest: `S` (go ahead with TLS) or `N`.
    case encryptionResponse(accepted: Bool)
    case authentication(Authentication)
    case backendKeyData(CancelRequest)
    case parameterStatus(name: String, value: String)
    case readyForQuery(TransactionStatus)
    case rowDescription([WireColumn], formats: [WireFormat])
    case dataRow(DataRow)
    case commandComplete(String)
    case emptyQueryResponse
    case error(WireError)
    case notice(WireError)
    case parseComplete
    case bindComplete
    case closeComplete
    case noData
    case parameterDescription([UInt32])
    case portalSuspended
    case copyOutResponse(format: WireFormat, columnFormats: [WireFormat])
    case copyData(ByteBuffer)
    case copyDone
    /// Messages already framed (DataRows encoded off the event loop by `DataRowWriter`), written as they are.
    case framed(ByteBuffer)

    /// The authentication request kinds (`R`).
    public enum Authentication: Sendable, Equatable {
        case ok
        case cleartextPassword
        /// SASL: the mechanisms offered.
        case sasl(mechanisms: [String])
        case saslContinue([UInt8])
        case saslFinal([UInt8])
    }
}

/// The transaction status in ReadyForQuery: idle (`I`), in a transaction block (`T`), in a failed one (`E`).
public enum TransactionStatus: UInt8, Sendable, Equatable {
    case idle = 0x49
    case inTransaction = 0x54
    case failed = 0x45
}

/// One row's values, already encoded (nil is SQL NULL).
public struct DataRow: Sendable, Equatable {
    public var values: [ByteBuffer?]

    public init(values: [ByteBuffer?]) { self.values = values }
}
