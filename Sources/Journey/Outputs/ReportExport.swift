/// What a full-table export wrote: the dataset and its columns (the dimension's id, `itemId`, then one column per
/// metric, named by its `columnId`) and row count.
public struct ReportExport: Sendable, Hashable, Codable {
    public var datasetId: String
    public var name: String
    public var columns: [String]
    public var rowCount: Int
    /// The report's totals, by metric column.
    public var totals: [Double]

    public init(datasetId: String, name: String, columns: [String], rowCount: Int, totals: [Double]) {
        self.datasetId = datasetId
        self.name = name
        self.columns = columns
        self.rowCount = rowCount
        self.totals = totals
    }
}
