/// An aggregate without GROUP BY has one group, which cannot move out to a partition: the rows its ordered-set
/// aggregates (`percentile_cont`, `percentile_disc`, `mode`) and aggregates with ORDER BY (also DISTINCT over
/// several arguments, whose tuples seen so far are dropped with them) collect are written as sorted runs instead
/// when they outgrow the limit, as PostgreSQL's tuplesort spills, and merged at the end into the aggregate's
/// result (`OrderedFold`), which needs one row at a time.
extension AggregationTable {
    /// Writes every collected row of the single group to a sorted run per aggregate and frees their bytes; false
    /// when there was nothing to write or spilling is off.
    func spillCollected() async throws -> Bool {
        guard ungrouped, context.canSpill, let state = states.first else { return false }
        var freed = 0
        for (index, aggregate) in aggregates.enumerated() where !aggregate.ordering.isEmpty {
            guard let rows = state[index].rows, !rows.isEmpty else { continue }
            collectedRuns[index].append(try await writeRun(rows, aggregate))
            freed += rows.reduce(0) { $0 + RowSize.row($1) }
            states[0][index].rows = []
            if aggregate.distinct, aggregate.valueCount > 1, let seen = state[index].seen {
                // The tuples seen only drop identical repeats early; the merge deduplicates across runs.
                freed += seen.reduce(0) { $0 + RowSize.datum($1) + 16 }
                states[0][index].seen = nil
            }
        }
        guard freed > 0 else { return false }
        reservation.shrink(freed)
        return true
    }

    /// Merges the runs of every aggregate that spilled (with the rows it still holds) into its result.
    func finishCollected() async throws {
        for (index, aggregate) in aggregates.enumerated() where !collectedRuns[index].isEmpty {
            guard !states.isEmpty else { continue }
            let keyCount = aggregate.ordering.count
            let rows = states[0][index].rows ?? []
            var runs = collectedRuns[index]
            if !rows.isEmpty {
                runs.append(try await writeRun(rows, aggregate))
                reservation.shrink(rows.reduce(0) { $0 + RowSize.row($1) })
                states[0][index].rows = []
            }
            collectedRuns[index] = []
            let keys = aggregate.ordering.enumerated().map { column, ordering in
                SortKey(
                    expression: BoundExpression(.column(column), .unknown), descending: ordering.descending,
                    nullsFirst: ordering.nullsFirst)
            }
            let ordering = SortEntryOrdering.datums(RowOrdering(keys: keys))
            let width = aggregate.function.isOrderedSet ? 1 : aggregate.valueCount + keyCount
            let merger = try await ExternalSortOperator.merge(runs, ordering, width: width, context: context)
            var fold = try OrderedFold(aggregate, states[0][index])
            while let entry = try await merger.next() {
                // A percentile that has its rows reads the rest only to delete the runs.
                if !fold.isComplete { try fold.add(Array(entry[keyCount...])) }
            }
            collectedResults[index] = try fold.result()
        }
    }

    /// One aggregate's collected rows as a sorted run of entries: the sort keys, then the row
    /// (`ExternalSortOperator.merge`'s form).
    private func writeRun(_ rows: [[Datum]], _ aggregate: BoundAggregate) async throws -> SpillRunID {
        let offset = Accumulator.keyOffset(aggregate)
        let keyCount = aggregate.ordering.count
        let writer = try await SpillRunWriter.create(context, width: keyCount + (rows.first?.count ?? 0))
        for row in Accumulator.sorted(rows, by: aggregate.ordering, keysAt: offset) {
            try await writer.append(Array(row[offset..<offset + keyCount]) + row)
        }
        return try await writer.finish()
    }
}
