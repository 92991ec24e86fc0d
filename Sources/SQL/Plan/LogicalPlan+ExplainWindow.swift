extension LogicalPlan {
    /// `WindowAgg` lines: one per window (partition, order and frame), with the functions computed over it.
    func explainWindow(
        _ input: LogicalPlan, _ functions: [BoundWindowFunction], into lines: inout [String], depth: Int,
        indent: String
    ) {
        var windows: [BoundWindow] = []
        var members: [[String]] = []
        for function in functions {
            var call = function.function.name + "(" + function.arguments.map(\.description).joined(separator: ", ")
            call += ")" + (function.ignoreNulls ? " IGNORE NULLS" : "")
            if let filter = function.filter { call += " FILTER (WHERE \(filter))" }
            if let index = windows.firstIndex(of: function.window) {
                members[index].append(call)
            } else {
                windows.append(function.window)
                members.append([call])
            }
        }
        let text = zip(windows, members).map { "[\($1.joined(separator: ", "))] OVER (\($0))" }
        lines.append("\(indent)WindowAgg " + text.joined(separator: "; "))
        input.explain(into: &lines, depth: depth + 1)
    }
}
