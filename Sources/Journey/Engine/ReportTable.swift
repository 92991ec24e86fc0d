/// Turns computed metric columns into the Reporting API's page: rows sorted (first metric descending, ties by
/// value; or by value with `dimensionSort`), paged, with totals. Events without a dimension value are the item
/// "Unspecified" (`itemId` "0"), as Adobe's Reporting API names it; other items' `itemId` is a stable 64-bit
/// FNV-1a hash of the value, in decimal.
enum ReportTable {
    static let unspecified = "Unspecified"

    static func response(_ columns: ReportComputation.Columns, plan: ReportPlan) -> ReportResponse {
        var rows: [ReportRow] = []
        for slot in columns.present.indices where columns.present[slot] {
            let isUnspecified = slot == columns.items.count
            let value = isUnspecified ? unspecified : columns.items[slot]
            rows.append(
                ReportRow(
                    itemId: isUnspecified ? "0" : itemId(value), value: value,
                    data: columns.metrics.map { $0.values[slot] }))
        }
        switch plan.settings.dimensionSort {
        case "asc": rows.sort { $0.value < $1.value }
        case "desc": rows.sort { $0.value > $1.value }
        default:
            rows.sort { a, b in
                let (x, y) = (a.data.first ?? 0, b.data.first ?? 0)
                return x != y ? x > y : a.value < b.value
            }
        }
        let limit = plan.settings.limit
        let page = plan.settings.page
        let totalPages = (rows.count + limit - 1) / limit
        let (from, overflow) = page.multipliedReportingOverflow(by: limit)
        let pageRows = overflow || from >= rows.count ? [] : Array(rows[from..<min(rows.count, from + limit)])
        let totals = columns.metrics.map(\.total)
        return ReportResponse(
            totalPages: totalPages, firstPage: page == 0, lastPage: page >= totalPages - 1,
            numberOfElements: pageRows.count, number: page, totalElements: rows.count,
            columns: ReportColumns(
                dimension: ReportDimensionColumn(id: "variables/\(plan.dimension.id)", type: "string"),
                columnIds: plan.metrics.map(\.columnId)),
            rows: pageRows, summaryData: SummaryData(filteredTotals: totals, totals: totals))
    }

    /// FNV-1a (64 bit) of the UTF-8 value, never 0 (reserved for "Unspecified").
    static func itemId(_ value: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in value.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x100_0000_01b3
        }
        return String(hash == 0 ? 1 : hash)
    }
}
