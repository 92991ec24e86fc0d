/// An outbound connection the policy refused: which rule, which address and port, and the host name it came
/// from. Thrown by `OutboundPolicy.admit`; callers turn it into a `DestinationError` (`.permission`) with
/// `destinationError(operation:path:)`.
public struct OutboundRefusal: Error, Sendable, Hashable, CustomStringConvertible {
    /// The rule that refused the address.
    public var rule: OutboundRule
    /// The (resolved) address.
    public var address: IPAddress
    /// The port.
    public var port: Int
    /// The host name the address came from (the address itself when the endpoint named one).
    public var host: String

    /// The `serviceCode` of the `DestinationError`, for callers that match refusals.
    public static let serviceCode = "OutboundPolicy"

    /// "loopback address 127.0.0.1 refused by the outbound policy; OUTFLOW_OUTBOUND_ALLOW ..." (never a URL
    /// path or query).
    public var description: String {
        let name = IPAddress(host) == nil ? " (host '\(host)')" : ""
        if rule == .ownListener {
            return "\(address.bracketed):\(port)\(name) is \(rule.words), refused by the outbound policy always "
                + "(\(OutboundPolicy.setting) cannot allow it)"
        }
        return "\(rule.words) \(address)\(name) refused by the outbound policy; to allow it, add its network or "
            + "host name to \(OutboundPolicy.setting) (comma-separated CIDRs or host names)"
    }

    /// The `DestinationError` of `operation`: `.permission` (retrying cannot help; the setting can), with
    /// `serviceCode` `OutboundPolicy` and this refusal as `underlying`.
    public func destinationError(operation: String, path: String? = nil) -> DestinationError {
        DestinationError(
            .permission, "\(operation): \(description)", path: path, serviceCode: Self.serviceCode, underlying: self)
    }
}
