/// A `Range` / `x-ms-range` header (`bytes=start-end` or `bytes=start-`), resolved against a blob's size.
struct LandingZoneByteRange: Sendable, Hashable {
    var start: Int64
    /// Inclusive.
    var end: Int64

    var count: Int64 { end - start + 1 }

    /// nil when there is no range header; throws `InvalidRange` when the range does not fit `size`.
    static func parse(_ header: String?, size: Int64) throws(LandingZoneError) -> LandingZoneByteRange? {
        guard let header, !header.isEmpty else { return nil }
        guard header.hasPrefix("bytes=") else { throw .invalidRange() }
        let spec = header.dropFirst(6)
        let parts = spec.split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2, let start = Int64(parts[0]), start >= 0 else { throw .invalidRange() }
        guard start < size else { throw .invalidRange() }
        var end = size - 1
        if !parts[1].isEmpty {
            guard let requested = Int64(parts[1]), requested >= start else { throw .invalidRange() }
            end = min(requested, size - 1)
        }
        return LandingZoneByteRange(start: start, end: end)
    }
}
