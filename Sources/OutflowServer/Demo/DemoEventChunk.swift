import Columnar

/// One generated chunk of `web_events` with what was generated into it.
public struct DemoEventChunk: Sendable {
    public var batch: ColumnBatch
    public var stats: DemoStats
    /// The CRM person ids first seen in this chunk (unique across chunks).
    public var personIds: [String]
}
