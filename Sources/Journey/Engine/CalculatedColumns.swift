/// The calculated metric columns of a report request: which data view metrics the report computes (the requested
/// ones and those the formulas read, each once, even when not requested as a column), and how the requested
/// columns come out of them after the metric kernels ran.
///
/// A request metric whose id (bare or `metrics/<id>`) is not a data view metric but a calculated metric of the
/// sandbox is a calculated column: its formula, with nested calculated metrics inlined, is evaluated by
/// `FormulaEvaluator` over the report's rows (every page) in the report's row order, and on the totals. Rows are
/// ordered as `ReportTable` orders them: by `dimensionSort`, else by the first column (descending, ties by value);
/// a first column that depends on row order (`cumul`) cannot order the rows and is refused.
struct CalculatedColumns: Sendable {
    enum Output: Sendable {
        /// The base request's metric at this index.
        case base(Int)
        /// A calculated metric's resolved formula.
        case calculated(CalculatedMetric, Formula)
    }

    /// The request the metric kernels run: its data view metrics, each once, requested columns first.
    var base: ReportRequest
    /// Per requested column, in order.
    var outputs: [(columnId: String, output: Output)]

    var hasCalculated: Bool {
        outputs.contains { if case .calculated = $0.output { true } else { false } }
    }

    /// Column ids of metrics computed only for formulas start with this (never shown).
    static let hiddenPrefix = "\u{1F}formula:"

    init(_ request: ReportRequest, dataView: DataView, calculated: [CalculatedMetric]) throws(JourneyError) {
        let byId = Dictionary(calculated.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var base = request
        base.metricContainer.metrics = []
        var outputs: [(columnId: String, output: Output)] = []
        var formulas: [Formula] = []
        for (index, metric) in request.metricContainer.metrics.enumerated() {
            let path = "metricContainer.metrics[\(index)]"
            let id = CalculatedMetric.bareId(metric.id)
            guard dataView.metric(metric.id) == nil, let definition = byId[id] else {
                guard dataView.metric(metric.id) != nil else { throw .invalid(path, "unknown metric '\(metric.id)'") }
                outputs.append((metric.columnId, .base(base.metricContainer.metrics.count)))
                base.metricContainer.metrics.append(metric)
                continue
            }
            if let filters = metric.filters, !filters.isEmpty {
                throw .invalid("\(path).filters", "metric filters on a calculated metric are not supported yet")
            }
            let formula = try Formula.parse(definition.definition.formula, path: "\(id).definition.formula")
                .resolved(dataView: dataView, calculated: byId, visiting: [id])
            if index == 0, request.settings.dimensionSort == nil, formula.dependsOnRowOrder {
                throw .invalid(
                    path,
                    "rows are sorted by the first metric, and '\(id)' depends on the row order (cumul): put another "
                        + "metric first or sort by dimension (settings.dimensionSort)")
            }
            formulas.append(formula)
            outputs.append((metric.columnId, .calculated(definition, formula)))
        }
        // Formulas read unfiltered columns: a requested column with its own metric filters does not serve them.
        let requested = Set(
            base.metricContainer.metrics.filter { $0.filters?.isEmpty ?? true }.compactMap {
                dataView.metric($0.id)?.id
            })
        var hidden: [String] = []
        for formula in formulas {
            for id in formula.metricIds where !requested.contains(id) && !hidden.contains(id) { hidden.append(id) }
        }
        base.metricContainer.metrics += hidden.map {
            ReportMetric(columnId: Self.hiddenPrefix + $0, id: "metrics/\($0)")
        }
        if base.metricContainer.metrics.isEmpty, let first = dataView.metrics.first {
            // Formulas of numbers only: the report still needs its rows.
            base.metricContainer.metrics = [ReportMetric(columnId: Self.hiddenPrefix + first.id, id: first.id)]
        }
        self.base = base
        self.outputs = outputs
    }

    /// The requested columns from the base plan's `columns`, and the plan `ReportTable` shows them with (the
    /// requested column ids in order).
    func apply(_ columns: ReportComputation.Columns, plan: ReportPlan) -> (ReportComputation.Columns, ReportPlan) {
        let slots = columns.present.indices.filter { columns.present[$0] }
        var columnOf: [String: Int] = [:]
        for (index, metric) in plan.metrics.enumerated()
        where columnOf[metric.component.id] == nil && base.metricContainer.metrics[index].filters?.isEmpty ?? true {
            columnOf[metric.component.id] = index
        }
        func values(in order: [Int]) -> [String: FormulaEvaluator.Values] {
            columnOf.mapValues { index in
                let column = columns.metrics[index]
                return FormulaEvaluator.Values(rows: order.map { column.values[$0] }, total: column.total)
            }
        }
        let order = rowOrder(slots, columns: columns) { formula in
            FormulaEvaluator(metrics: values(in: slots), rowCount: slots.count).evaluate(formula).rows
        }
        let evaluator = FormulaEvaluator(metrics: values(in: order), rowCount: order.count)
        var output = columns
        output.metrics = []
        var shown = plan
        shown.metrics = []
        for (columnId, source) in outputs {
            switch source {
            case .base(let index):
                output.metrics.append(columns.metrics[index])
                var metric = plan.metrics[index]
                metric.columnId = columnId
                shown.metrics.append(metric)
            case .calculated(let definition, let formula):
                let result = evaluator.evaluate(formula)
                var values = [Double](repeating: 0, count: columns.present.count)
                for (row, slot) in order.enumerated() { values[slot] = result.rows[row] }
                output.metrics.append(MetricKernel.Column(values: values, total: result.total))
                // ReportTable reads only the column id of a shown metric.
                let component = MetricComponent(id: definition.id, name: definition.name, kind: .occurrences)
                shown.metrics.append(ReportPlan.Metric(columnId: columnId, component: component, measure: .occurrences))
            }
        }
        return (output, shown)
    }

    /// `slots` in `ReportTable`'s row order: by value for `dimensionSort`, else by the first column descending
    /// (ties by value ascending).
    private func rowOrder(
        _ slots: [Int], columns: ReportComputation.Columns, evaluate first: (Formula) -> [Double]
    ) -> [Int] {
        let names = slots.map { $0 == columns.items.count ? ReportTable.unspecified : columns.items[$0] }
        var positions = Array(slots.indices)
        switch base.settings.dimensionSort {
        case "asc": positions.sort { names[$0] < names[$1] }
        case "desc": positions.sort { names[$0] > names[$1] }
        default:
            let key: [Double]
            switch outputs.first?.output {
            case .base(let index): key = slots.map { columns.metrics[index].values[$0] }
            case .calculated(_, let formula): key = first(formula)
            case nil: key = slots.map { _ in 0 }
            }
            positions.sort { key[$0] != key[$1] ? key[$0] > key[$1] : names[$0] < names[$1] }
        }
        return positions.map { slots[$0] }
    }
}

extension CalculatedColumns {
    /// `request` with each calculated column naming a data view metric instead, so that the report request's
    /// validation (`JourneyValidator`) checks everything else at the columns' own indices.
    static func validationRequest(_ request: ReportRequest, dataView: DataView, calculated: [CalculatedMetric])
        -> ReportRequest
    {
        guard let stand = dataView.metrics.first else { return request }
        let ids = Set(calculated.map(\.id))
        var checked = request
        for index in checked.metricContainer.metrics.indices {
            let id = checked.metricContainer.metrics[index].id
            if dataView.metric(id) == nil, ids.contains(CalculatedMetric.bareId(id)) {
                checked.metricContainer.metrics[index].id = "metrics/\(stand.id)"
            }
        }
        return checked
    }
}
