package import Foundation

/// The landing zone's tunable limits and the facts about how it is served, each with a safe default (SECURITY.md,
/// "Data Landing Zone"). Built by `OutflowServer` from the environment; tests shrink the limits.
package struct LandingZoneSettings: Sendable {
    /// The lifetime of a SAS the credentials route issues (`OUTFLOW_DLZ_SAS_TTL`, seconds; default 7 days).
    package var sasLifetime: TimeInterval = Self.defaultSASLifetime
    /// The server serves HTTPS only (`OUTFLOW_TLS_CERT` and `OUTFLOW_TLS_KEY` set): issued SAS URIs are
    /// `https://` with `spr=https`, and a SAS with `spr=https` is refused when this is false.
    package var https = false
    /// Staged (uncommitted) blocks one blob may have (`OUTFLOW_DLZ_MAX_UNCOMMITTED_BLOCKS`; Azure's 100,000).
    package var maxUncommittedBlocks = Self.blockCountLimit
    /// Bytes of staged blocks one blob may have (`OUTFLOW_DLZ_MAX_UNCOMMITTED_BYTES`; default 16 GiB).
    package var maxUncommittedBytes: Int64 = 16 << 30
    /// Staged blocks and DFS appends untouched this long are discarded (Azure's rule: 7 days).
    package var uncommittedLifetime: TimeInterval = 7 * 24 * 3600
    /// The HS256 key of bearer tokens (`OUTFLOW_DLZ_BEARER_KEY`); nil (the default) refuses every bearer token.
    package var bearerKey: LandingZoneBearerKey?

    package static let defaultSASLifetime: TimeInterval = 7 * 24 * 3600
    /// The range `OUTFLOW_DLZ_SAS_TTL` must fall in: 5 minutes to 7 days.
    package static let sasLifetimeRange: ClosedRange<TimeInterval> = 300...(7 * 24 * 3600)
    /// Azure's uncommitted block limit per blob, the largest `maxUncommittedBlocks` accepted.
    package static let blockCountLimit = 100_000

    package init() {}
}
