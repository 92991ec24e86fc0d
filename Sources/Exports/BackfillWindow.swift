/// The commit-time window of a backfill: batches committed at `startTime <= t < endTime` (epoch seconds).
public struct BackfillWindow: Sendable, Hashable, Codable {
    public var startTime: Int64
    public var endTime: Int64

    public init(startTime: Int64, endTime: Int64) {
        self.startTime = startTime
        self.endTime = endTime
    }
}
