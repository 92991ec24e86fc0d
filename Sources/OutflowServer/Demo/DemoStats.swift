/// Counts describing generated events, summed over chunks with `add(_:)`.
public struct DemoStats: Sendable, Hashable {
    public var events = 0
    public var devices = 0
    public var visits = 0
    /// Devices that logged in (carry a CRM id on some hits).
    public var authenticatedDevices = 0
    /// Visits with a purchase.
    public var purchases = 0
    /// Total order revenue in cents.
    public var revenueCents: Int64 = 0

    public init() {}

    public mutating func add(_ other: DemoStats) {
        events += other.events
        devices += other.devices
        visits += other.visits
        authenticatedDevices += other.authenticatedDevices
        purchases += other.purchases
        revenueCents += other.revenueCents
    }
}
