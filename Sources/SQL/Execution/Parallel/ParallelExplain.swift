extension LogicalPlan {
    /// Workers `EXPLAIN` shows parallel fragments with (the session's `threads`; 1 shows the serial plan). Bound
    /// by `SQLEngine.explainResult`.
    @TaskLocal static var explainWorkers = 1

    /// `input` of this node (an aggregate or DISTINCT) as `EXPLAIN` prints it: below a `Gather (workers: n)` line
    /// when the node reads it through a gather (`ParallelPlanner`).
    func explainInput(_ input: LogicalPlan, into lines: inout [String], depth: Int) {
        let workers = LogicalPlan.explainWorkers
        guard workers > 1, ParallelPlanner.fragmentScan(input) != nil else {
            return input.explain(into: &lines, depth: depth)
        }
        var label = ""
        if case let .aggregate(_, _, aggregates) = node {
            switch ParallelPlanner.aggregateMode(aggregates) {
            case .partial: label = ", partial aggregates"
            case .gatherOnly: break
            case nil: return input.explain(into: &lines, depth: depth)
            }
        }
        let indent = String(repeating: "  ", count: depth) + (depth > 0 ? "-> " : "")
        lines.append("\(indent)Gather (workers: \(min(workers, SessionSettings.maxThreads))\(label))")
        input.explain(into: &lines, depth: depth + 1)
    }
}
