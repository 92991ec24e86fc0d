/// The shredded data of one leaf column for the row group being built: levels and non-null values.
struct LeafBuffer: Sendable {
    /// Definition levels (empty when the leaf's max definition level is 0).
    var definitionLevels: [UInt8] = []
    /// Repetition levels (empty when the leaf's max repetition level is 0).
    var repetitionLevels: [UInt8] = []
    var values: LeafValues
    /// Number of level entries (values plus nulls and empty lists).
    var levelCount = 0
    var rowCount = 0

    init(values: LeafValues) {
        self.values = values
    }

    var byteSize: Int { definitionLevels.count + repetitionLevels.count + values.byteSize }

    mutating func append(_ other: LeafBuffer) {
        definitionLevels.append(contentsOf: other.definitionLevels)
        repetitionLevels.append(contentsOf: other.repetitionLevels)
        values.append(other.values)
        levelCount += other.levelCount
        rowCount += other.rowCount
    }
}
