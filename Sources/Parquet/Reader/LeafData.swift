/// The decoded contents of one leaf column chunk: levels and non-null values.
struct LeafData {
    var definitionLevels: [UInt8] = []
    var repetitionLevels: [UInt8] = []
    var values: LeafValues
    var levelCount = 0
}
