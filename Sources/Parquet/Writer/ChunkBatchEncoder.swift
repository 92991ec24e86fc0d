import Dispatch

/// Encodes the column chunks of one row group concurrently. Each leaf's pages are built in memory
/// (offsets relative to the chunk start) so the writer can append them in file order afterwards.
enum ChunkBatchEncoder {
    struct Encoded: Sendable {
        var output: ColumnChunkEncoder.Output
        var bytes: [UInt8]
    }

    static func encode(
        _ buffers: [LeafBuffer], leaves: [LeafDescriptor], options: ParquetWriter.Options
    ) -> [Result<Encoded, ParquetError>] {
        let count = leaves.count
        let slots = Slots(count: count)
        defer { slots.release() }
        // Each iteration writes only its own slot, so the shared pointer is never raced.
        DispatchQueue.concurrentPerform(iterations: count) { i in
            slots.base[i] = encodeOne(buffers[i], leaf: leaves[i], options: options)
        }
        return (0..<count).map { slots.base[$0] }
    }

    /// The same work for async callers: one child task per leaf on the caller's executor, so no thread waits
    /// while the others encode (`concurrentPerform` would hold the calling thread of the cooperative pool).
    static func encodeInTasks(
        _ buffers: [LeafBuffer], leaves: [LeafDescriptor], options: ParquetWriter.Options
    ) async -> [Result<Encoded, ParquetError>] {
        await withTaskGroup(of: (Int, Result<Encoded, ParquetError>).self) { group in
            for i in leaves.indices {
                let buffer = buffers[i]
                let leaf = leaves[i]
                group.addTask { (i, encodeOne(buffer, leaf: leaf, options: options)) }
            }
            var results = [Result<Encoded, ParquetError>](
                repeating: .failure(ParquetError(.io, "not encoded")), count: leaves.count)
            for await (i, result) in group { results[i] = result }
            return results
        }
    }

    /// Result slots shared by the workers (one writer per slot).
    private struct Slots: @unchecked Sendable {
        let base: UnsafeMutablePointer<Result<Encoded, ParquetError>>
        let count: Int

        init(count: Int) {
            self.count = count
            base = .allocate(capacity: max(count, 1))
            base.initialize(repeating: .failure(ParquetError(.io, "not encoded")), count: count)
        }

        func release() {
            base.deinitialize(count: count)
            base.deallocate()
        }
    }

    private static func encodeOne(
        _ buffer: LeafBuffer, leaf: LeafDescriptor, options: ParquetWriter.Options
    ) -> Result<Encoded, ParquetError> {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(buffer.byteSize / 2 + 64)
        do throws(ParquetError) {
            let encoder = ColumnChunkEncoder(leaf: leaf, options: options)
            let output = try encoder.encode(buffer, startOffset: 0) { (page) throws(ParquetError) in
                bytes.append(contentsOf: page)
            }
            return .success(Encoded(output: output, bytes: bytes))
        } catch {
            return .failure(error.located(file: nil, fieldPath: leaf.dottedPath))
        }
    }
}

extension ColumnChunkEncoder.Output {
    /// Shifts every file offset by `base` (the chunk's position in the file).
    mutating func rebase(by base: Int) {
        let delta = Int64(base)
        chunk.fileOffset += delta
        chunk.metaData?.dataPageOffset += delta
        if let d = chunk.metaData?.dictionaryPageOffset { chunk.metaData?.dictionaryPageOffset = d + delta }
        for i in pages.indices { pages[i].offset += delta }
    }
}
