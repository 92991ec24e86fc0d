import Columnar
import Destinations
import Lake
import PGP
import Parquet

extension ExportExecutor {
    /// One lake row group to export, with the estimate of its encoded size per row.
    struct LakeRowGroup: Sendable {
        let reader: ParquetReader
        let index: Int
        let bytesPerRow: Double

        func read() throws(ExportsError) -> ColumnBatch {
            do {
                return try reader.readRowGroup(index)
            } catch {
                throw ExportsError(.lake, "cannot read lake file \(reader.name): \(error.message)", underlying: error)
            }
        }
    }

    /// Where one output part goes and when it rolls.
    struct PartPlan {
        var path: String
        var format: OutputFormat
        var maxBytes: Int
        /// Encrypt the part to this key (`path` then ends in `.gpg`).
        var encryptTo: PGPRecipient? = nil
    }

    /// A committed part: its record, the schema of its rows, and the first row group it did not take.
    struct DeliveredPart {
        var file: ExportedFile
        var schema: Schema
        var next: Int
    }

    /// The row groups of the planned lake files, in order (reads only the footers).
    static func units(of files: [LakeFile]) throws(ExportsError) -> [LakeRowGroup] {
        var units: [LakeRowGroup] = []
        for file in files {
            let reader: ParquetReader
            do {
                reader = try ParquetReader(path: file.path, limits: .unlimited)  // the lake's own part
            } catch {
                throw ExportsError(.lake, "cannot read lake file \(file.path): \(error.message)", underlying: error)
            }
            let bytesPerRow = file.rowCount > 0 ? Double(file.sizeBytes) / Double(file.rowCount) : 0
            for index in 0..<reader.rowGroupCount {
                units.append(LakeRowGroup(reader: reader, index: index, bytesPerRow: bytesPerRow))
            }
        }
        return units
    }

    /// Encodes and commits one part starting at `units[start]`, rolling at `part.maxBytes`. A failed attempt
    /// is aborted (nothing becomes visible) and, if retryable, encoded and sent again from the same row
    /// group; encoding is deterministic, so the retry takes the same rows. Rows count into `report` as they
    /// encode and are taken back when an attempt fails.
    func deliverPart(
        _ part: PartPlan, units: [LakeRowGroup], from start: Int, report: (RunProgress) -> Void
    ) async throws(ExportsError) -> DeliveredPart {
        try await withRetries(delivering: part.path) { () async throws(ExportsError) -> DeliveredPart in
            var encoded: Int64 = 0
            do throws(ExportsError) {
                let delivered = try await encodePart(part, units: units, from: start) { rows in
                    encoded += rows
                    report(RunProgress(rows: rows))
                }
                report(RunProgress(bytes: delivered.file.size, files: 1))
                return delivered
            } catch {
                if encoded > 0 { report(RunProgress(rows: -encoded)) }
                throw error
            }
        }
    }

    private func encodePart(
        _ part: PartPlan, units: [LakeRowGroup], from start: Int, encoded: (Int64) -> Void
    ) async throws(ExportsError) -> DeliveredPart {
        let writer = try await openWriter(part.path)
        do throws(ExportsError) {
            var encoder: PartStreamWriter?
            var next = start
            try await Self.forEachRowGroup(units[start...]) { (batch) async throws(ExportsError) -> Bool in
                let current: PartStreamWriter
                if let encoder {
                    current = encoder
                } else {
                    current = try PartStreamWriter(
                        writer: writer, schema: batch.schema, format: part.format,
                        rowGroupBytes: min(128 << 20, part.maxBytes), encryptor: try Self.encryptor(for: part))
                    encoder = current
                }
                try await current.write(batch)
                current.addEstimate(Int(units[next].bytesPerRow * Double(batch.rowCount)))
                encoded(Int64(batch.rowCount))
                next += 1
                return current.approximateSize < part.maxBytes
            }
            guard let encoder, next > start else {
                throw ExportsError(.encoding, "no rows to encode for \(part.path)")
            }
            let (size, digest) = try await encoder.finish()
            _ = try await commit(writer)
            return DeliveredPart(
                file: ExportedFile(path: part.path, size: size, rowCount: encoder.rows, sha256: digest),
                schema: encoder.schema, next: next)
        } catch {
            await writer.abort()
            throw error
        }
    }

    /// A fresh OpenPGP encryptor for an encrypted part; its literal packet names the part without `.gpg`.
    static func encryptor(for part: PartPlan) throws(ExportsError) -> PGPEncryptor? {
        guard let recipient = part.encryptTo else { return nil }
        var name = String(part.path.split(separator: "/").last ?? "")
        if name.hasSuffix(OutputFormat.encryptedSuffix) { name.removeLast(OutputFormat.encryptedSuffix.count) }
        do {
            return try PGPEncryptor(recipient: recipient, fileName: name)
        } catch {
            throw ExportsError(.encoding, "cannot start encrypting \(part.path): \(error.message)", underlying: error)
        }
    }

    /// Calls `body` with each row group in order while the next one is read and decoded by a child task, so
    /// lake reading overlaps encoding. Stops early when `body` returns false.
    static func forEachRowGroup(
        _ units: ArraySlice<LakeRowGroup>, _ body: (ColumnBatch) async throws(ExportsError) -> Bool
    ) async throws(ExportsError) {
        guard let first = units.first else { return }
        do {
            try await withThrowingTaskGroup(of: ColumnBatch.self) { group in
                group.addTask { try await BlockingIO.run { try first.read() } }
                var index = units.startIndex
                while let batch = try await group.next() {
                    index += 1
                    if index < units.endIndex {
                        let unit = units[index]
                        group.addTask { try await BlockingIO.run { try unit.read() } }
                    }
                    guard try await body(batch) else {
                        group.cancelAll()
                        return
                    }
                }
            }
        } catch let error as ExportsError {
            throw error
        } catch {
            throw ExportsError(.lake, "reading the lake failed: \(error)", underlying: error)
        }
    }
}
