/// Describe (`D`): the parameter and row description of a statement, or the row description of a portal.
public struct Describe: Sendable, Equatable {
    public var kind: PortalOrStatement
    public var name: String

    public init(kind: PortalOrStatement, name: String) {
        self.kind = kind
        self.name = name
    }
}

/// Close (`C`): drop a prepared statement or a portal (closing one that does not exist is not an error).
public struct Close: Sendable, Equatable {
    public var kind: PortalOrStatement
    public var name: String

    public init(kind: PortalOrStatement, name: String) {
        self.kind = kind
        self.name = name
    }
}

/// Execute (`E`): run a portal, returning at most `maxRows` rows (0: all of them).
public struct Execute: Sendable, Equatable {
    public var portal: String
    public var maxRows: Int32

    public init(portal: String, maxRows: Int32) {
        self.portal = portal
        self.maxRows = maxRows
    }
}
