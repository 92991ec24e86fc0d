/// `EXPLAIN ANALYZE`: per operator, the rows and batches it returned and the time spent in its `next()` calls
/// (inclusive of its inputs, as PostgreSQL's "actual time"). Operators are recorded as the planner builds them,
/// nested as they are built; plans built while the statement runs (subqueries, the plan behind a preparing
/// operator) become further roots, and a root built again with the same text (a subquery run per row) counts as
/// one node with `loops`.
final class ExecutionProfile {
    final class Node {
        let line: String
        var rows = 0
        var batches = 0
        var loops = 1
        var time = Duration.zero
        var children: [Node] = []

        init(line: String) { self.line = line }
    }

    private(set) var roots: [Node] = []
    private var stack: [Node?] = []

    /// Builds an operator for `plan` with `body` and records it (a repeated root and its inputs are not recorded
    /// again: they add a loop to the first one).
    func profile(_ plan: LogicalPlan, _ body: () throws -> any PhysicalOperator) throws -> any PhysicalOperator {
        try profile(line: plan.explain.split(separator: "\n").first.map(String.init) ?? "?", body)
    }

    /// Builds an operator with `body` and records it as `line` (a gather, which has no plan node of its own).
    func profile(line: String, _ body: () throws -> any PhysicalOperator) throws -> any PhysicalOperator {
        let node: Node?
        if let parent = stack.last {
            node = parent.map { parent in
                let child = Node(line: line)
                parent.children.append(child)
                return child
            }
        } else if let existing = roots.first(where: { $0.line == line }) {
            existing.loops += 1
            stack.append(nil)
            defer { stack.removeLast() }
            return ProfiledOperator(try body(), existing)
        } else {
            let root = Node(line: line)
            roots.append(root)
            node = root
        }
        stack.append(node)
        defer { stack.removeLast() }
        let built = try body()
        return node.map { ProfiledOperator(built, $0) } ?? built
    }

    /// The profile as text lines, indented as `EXPLAIN` indents.
    func lines() -> [String] {
        var out: [String] = []
        func render(_ node: Node, depth: Int) {
            let indent = String(repeating: "  ", count: depth) + (depth > 0 ? "-> " : "")
            var text = "\(indent)\(node.line) (actual rows=\(node.rows) batches=\(node.batches)"
            text += " time=\(ExecutionProfile.format(node.time)) ms"
            if node.loops > 1 { text += " loops=\(node.loops)" }
            out.append(text + ")")
            for child in node.children { render(child, depth: depth + 1) }
        }
        for (index, root) in roots.enumerated() {
            if index > 0 { out.append("SubPlan:") }
            render(root, depth: 0)
        }
        return out
    }

    /// Milliseconds with three decimals, as PostgreSQL prints times.
    static func format(_ duration: Duration) -> String {
        let milliseconds = Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
        let thousandths = Int64((milliseconds * 1000).rounded())
        let fraction = String(thousandths % 1000)
        return "\(thousandths / 1000)." + String(repeating: "0", count: 3 - fraction.count) + fraction
    }
}

/// Counts what an operator returns and the time its `next()` takes.
final class ProfiledOperator: PhysicalOperator {
    let input: any PhysicalOperator
    let node: ExecutionProfile.Node

    init(_ input: any PhysicalOperator, _ node: ExecutionProfile.Node) {
        self.input = input
        self.node = node
    }

    func next() async throws -> Chunk? {
        let start = ContinuousClock.now
        defer { node.time += ContinuousClock.now - start }
        guard let chunk = try await input.next() else { return nil }
        node.rows += chunk.count
        node.batches += 1
        return chunk
    }
}
