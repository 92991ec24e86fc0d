import Columnar

extension RecordDecoderCore {
    /// Appends the validated record (token 0) to the batch's builders.
    /// Only call after `validate(_:)` succeeded on the same view.
    func append(_ view: RecordView, to builders: NDJSONBuilderSet) {
        builders.byEntry.withUnsafeBufferPointer { targets in
            appendStructFields(entries[0], 0, view, targets)
        }
    }

    private func appendStructFields(
        _ entry: PlanEntry, _ t: Int, _ view: RecordView, _ targets: UnsafeBufferPointer<Unmanaged<ColumnBuilder>?>
    ) {
        let base = Int(scalars[t])
        for i in 0..<entry.childCount {
            let slot = Int(slots[base + i])
            let child = entry.childStart + i
            if slot < 0 {
                targets[child]?._withUnsafeGuaranteedRef { $0.appendNull() }
            } else {
                append(child, slot, view, targets)
            }
        }
    }

    private func append(
        _ e: Int, _ t: Int, _ view: RecordView, _ targets: UnsafeBufferPointer<Unmanaged<ColumnBuilder>?>
    ) {
        guard let target = targets[e] else { return }
        let token = view.tokens[t]
        if token.kind == .null {
            target._withUnsafeGuaranteedRef { $0.appendNull() }
            return
        }
        let entry = entries[e]
        switch entry.kind {
        case .boolean:
            target._withUnsafeGuaranteedRef { $0.append(bool: token.kind == .true) }
        case .int32, .date:
            let value = Int32(truncatingIfNeeded: scalars[t])
            target._withUnsafeGuaranteedRef { $0.append(int32: value) }
        case .int64, .timestamp:
            let value = scalars[t]
            target._withUnsafeGuaranteedRef { $0.append(int64: value) }
        case .float:
            let value = Double(bitPattern: UInt64(bitPattern: scalars[t]))
            target._withUnsafeGuaranteedRef { $0.append(float64: value) }
        case .decimal:
            let value = decimals[t]
            target._withUnsafeGuaranteedRef { $0.append(decimal: value) }
        case .string:
            let bytes = view.bytes(of: token)
            target._withUnsafeGuaranteedRef { $0.append(bytes: bytes) }
        case .binary:
            let start = Int(scalars[t] >> 32)
            let count = Int(scalars[t] & 0xFFFF_FFFF)
            arena.withUnsafeBufferPointer { all in
                let bytes = UnsafeBufferPointer(rebasing: all[start..<(start + count)])
                target._withUnsafeGuaranteedRef { $0.append(bytes: bytes) }
            }
        case .struct:
            appendStructFields(entry, t, view, targets)
            target._withUnsafeGuaranteedRef { $0.appendStructSlot() }
        case .list:
            var c = t + 1
            for _ in 0..<Int(token.count) {
                append(entry.childStart, c, view, targets)
                c = Int(view.tokens[c].next)
            }
            target._withUnsafeGuaranteedRef { $0.appendListSlot() }
        case .map:
            var c = t + 1
            for _ in 0..<Int(token.count) {
                let key = view.bytes(of: view.tokens[c])
                targets[entry.childStart]?._withUnsafeGuaranteedRef { $0.append(bytes: key) }
                append(entry.childStart + 1, c + 1, view, targets)
                c = Int(view.tokens[c + 1].next)
            }
            target._withUnsafeGuaranteedRef { $0.appendListSlot() }
        }
    }
}
