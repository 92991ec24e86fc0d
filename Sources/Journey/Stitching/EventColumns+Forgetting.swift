extension EventColumns {
    /// Treats the transient ids in `forgotten` (privacy deletions) as unknown: their events become anonymous, so
    /// stitching gives them to their device, as CJA reverts a deleted person's stitched events.
    mutating func forget(_ forgotten: Set<String>) {
        guard !forgotten.isEmpty, !transient.isEmpty else { return }
        var masked = [Bool](repeating: false, count: transients.count)
        var any = false
        for id in forgotten {
            if let code = transients.existingCode(id) {
                masked[Int(code)] = true
                any = true
            }
        }
        guard any else { return }
        for index in transient.indices where transient[index] >= 0 && masked[Int(transient[index])] {
            transient[index] = -1
        }
    }
}
