/// A report in the shape of CJA's Reporting API response: one row per dimension item on the page, with one
/// value per metric column, and the totals of every metric over all items (the same filters).
public struct ReportResponse: Sendable, Hashable, Codable {
    public var totalPages: Int
    public var firstPage: Bool
    public var lastPage: Bool
    public var numberOfElements: Int
    public var number: Int
    public var totalElements: Int
    public var columns: ReportColumns
    public var rows: [ReportRow]
    public var summaryData: SummaryData

    public init(
        totalPages: Int, firstPage: Bool, lastPage: Bool, numberOfElements: Int, number: Int, totalElements: Int,
        columns: ReportColumns, rows: [ReportRow], summaryData: SummaryData
    ) {
        self.totalPages = totalPages
        self.firstPage = firstPage
        self.lastPage = lastPage
        self.numberOfElements = numberOfElements
        self.number = number
        self.totalElements = totalElements
        self.columns = columns
        self.rows = rows
        self.summaryData = summaryData
    }
}

/// The dimension and the metric columns' ids, in order.
public struct ReportColumns: Sendable, Hashable, Codable {
    public var dimension: ReportDimensionColumn
    public var columnIds: [String]

    public init(dimension: ReportDimensionColumn, columnIds: [String]) {
        self.dimension = dimension
        self.columnIds = columnIds
    }
}

public struct ReportDimensionColumn: Sendable, Hashable, Codable {
    public var id: String
    public var type: String

    public init(id: String, type: String) {
        self.id = id
        self.type = type
    }
}

/// One item: a stable `itemId` (for breakdowns), its `value` as shown, and one number per metric column.
public struct ReportRow: Sendable, Hashable, Codable {
    public var itemId: String
    public var value: String
    public var data: [Double]

    public init(itemId: String, value: String, data: [Double]) {
        self.itemId = itemId
        self.value = value
        self.data = data
    }
}

/// Totals per metric column over every item (`totals`) and over the items that passed the report's filters
/// (`filteredTotals`; equal while metric filters are the only filters).
public struct SummaryData: Sendable, Hashable, Codable {
    public var filteredTotals: [Double]
    public var totals: [Double]

    public init(filteredTotals: [Double], totals: [Double]) {
        self.filteredTotals = filteredTotals
        self.totals = totals
    }
}
