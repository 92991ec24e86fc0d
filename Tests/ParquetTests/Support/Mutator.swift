/// Seeded structural mutations of a valid file, for fuzzing the reader.
struct Mutator {
    var rng: SeededRandom

    init(seed: UInt64) {
        rng = SeededRandom(seed: seed)
    }

    /// A copy of `original` with 1 to `maxEdits` random edits: bit flips, random or boundary bytes,
    /// deletions, duplicated ranges, truncation, and varint-looking runs.
    mutating func mutate(_ original: [UInt8], maxEdits: Int = 4) -> [UInt8] {
        var bytes = original
        for _ in 0..<Int.random(in: 1...maxEdits, using: &rng) {
            guard !bytes.isEmpty else { break }
            let position = Int.random(in: 0..<bytes.count, using: &rng)
            switch Int.random(in: 0..<7, using: &rng) {
            case 0: bytes[position] ^= UInt8(1 << Int.random(in: 0..<8, using: &rng))
            case 1: bytes[position] = UInt8.random(in: 0...255, using: &rng)
            case 2: bytes[position] = [0x00, 0xFF, 0x7F, 0x80, 0x01, 0x15, 0x19][Int.random(in: 0..<7, using: &rng)]
            case 3: bytes.removeSubrange(position..<min(bytes.count, position + Int.random(in: 1...16, using: &rng)))
            case 4:
                let end = min(bytes.count, position + Int.random(in: 1...32, using: &rng))
                let target = Int.random(in: 0...bytes.count, using: &rng)
                bytes.insert(contentsOf: bytes[position..<end], at: target)
            case 5: bytes.removeSubrange(Int.random(in: 0..<bytes.count, using: &rng)...)
            default:
                let end = min(bytes.count, position + Int.random(in: 2...6, using: &rng))
                for i in position..<end { bytes[i] = 0xFF }
            }
        }
        return bytes
    }
}
