/// Compares secrets (signatures, MACs, API keys) in time that depends only on their lengths, never on where they
/// first differ, so a caller cannot learn a secret byte by byte from response times. The one comparison every
/// target that checks a secret uses (`HTTPAPI`'s API key, the landing zone's SharedKey, SAS and bearer checks, SAS
/// verification here, `SSH`'s packet MACs).
public enum ConstantTimeComparison {
    /// True when both byte sequences are equal. Every byte of the longer one is visited whatever the contents.
    public static func equal(_ lhs: some Collection<UInt8>, _ rhs: some Collection<UInt8>) -> Bool {
        var difference: UInt8 = lhs.count == rhs.count ? 0 : 1
        var left = lhs.makeIterator()
        var right = rhs.makeIterator()
        for _ in 0..<max(lhs.count, rhs.count) {
            difference |= (left.next() ?? 0) ^ (right.next() ?? 0)
        }
        return difference == 0
    }

    /// True when both strings have the same UTF-8 bytes (no Unicode normalisation: secrets compare as sent).
    public static func equal(_ lhs: String, _ rhs: String) -> Bool {
        equal(Array(lhs.utf8), Array(rhs.utf8))
    }
}
