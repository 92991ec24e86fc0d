/// The first packet of a normal connection: protocol version 3.0 and the parameters (`user` required,
/// `database`, `application_name`, `options`, `client_encoding`, ...).
public struct StartupMessage: Sendable, Equatable {
    /// Protocol 3.0 (`196608`).
    public static let protocolVersion: Int32 = 196_608

    public var protocolVersion: Int32
    /// The parameters in the order the client sent them.
    public var parameters: [(name: String, value: String)]

    public init(protocolVersion: Int32 = Self.protocolVersion, parameters: [(name: String, value: String)]) {
        self.protocolVersion = protocolVersion
        self.parameters = parameters
    }

    /// The value of the parameter `name`, if the client sent it.
    public func parameter(_ name: String) -> String? {
        parameters.first { $0.name == name }?.value
    }

    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.protocolVersion == rhs.protocolVersion
            && lhs.parameters.map(\.name) == rhs.parameters.map(\.name)
            && lhs.parameters.map(\.value) == rhs.parameters.map(\.value)
    }
}

/// A cancel request, sent on a new connection: the backend key data of the connection whose query to cancel.
public struct CancelRequest: Sendable, Equatable, Hashable {
    public var processID: Int32
    public var secretKey: Int32

    public init(processID: Int32, secretKey: Int32) {
        self.processID = processID
        self.secretKey = secretKey
    }
}
