/// Counts describing generated events, summed over chunks with `add(_:)`.
public struct DemoStats: Sendable, Hashable {
    /// Events generated.
    public var events = 0
    /// Distinct devices (ECIDs).
    public var devices = 0
    /// Visits (sessions separated by more than 30 minutes of inactivity).
    public var visits = 0
    /// Devices that logged in (carry a CRM id on some hits).
    public var authenticatedDevices = 0
    /// Visits with a purchase.
    public var purchases = 0
    /// Total order revenue in cents.
    public var revenueCents: Int64 = 0

    /// All counts zero.
    public init() {}

    /// Adds another chunk's counts.
    public mutating func add(_ other: DemoStats) {
        events += other.events
        devices += other.devices
        visits += other.visits
        authenticatedDevices += other.authenticatedDevices
        purchases += other.purchases
        revenueCents += other.revenueCents
    }
}
