import Foundation
import Parquet

/// A byte sink writing straight to standard output.
final class StandardOutputSink: ByteSink {
    private(set) var bytesWritten = 0

    func write(_ bytes: UnsafeRawBufferPointer) throws {
        FileHandle.standardOutput.write(Data(bytes))
        bytesWritten += bytes.count
    }
}
