public import Columnar

/// One generated chunk of `web_events` with what was generated into it.
public struct DemoEventChunk: Sendable {
    /// The rows, in `DemoSchemas.webEvents`.
    public var batch: ColumnBatch
    /// What the chunk contains.
    public var stats: DemoStats
    /// The CRM person ids first seen in this chunk (unique across chunks).
    public var personIds: [String]
}
