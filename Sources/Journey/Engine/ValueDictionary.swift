/// Interns strings as dense `Int32` codes (0, 1, 2, ... in the order first seen), so events carry a code per value
/// instead of a string. A run of equal values in a column (a device's events, one channel) is found by comparing
/// bytes with the previous value, without hashing a new string.
struct ValueDictionary: Sendable {
    private(set) var values: [String] = []
    private var codes: [String: Int32] = [:]
    private var previousBytes: [UInt8] = []
    private var previousCode: Int32 = -1

    var count: Int { values.count }

    /// The code of `value`, adding it when new.
    mutating func code(_ value: String) -> Int32 {
        if let code = codes[value] { return code }
        let code = Int32(values.count)
        values.append(value)
        codes[value] = code
        return code
    }

    /// The code of the UTF-8 string `bytes` (a slice of a column's data).
    mutating func code(utf8 bytes: ArraySlice<UInt8>) -> Int32 {
        if previousCode >= 0, bytes.elementsEqual(previousBytes) { return previousCode }
        let code = code(String(decoding: bytes, as: UTF8.self))
        previousBytes = Array(bytes)
        previousCode = code
        return code
    }

    /// The code of `value` when it was seen, nil otherwise.
    func existingCode(_ value: String) -> Int32? { codes[value] }
}
