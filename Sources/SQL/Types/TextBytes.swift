/// Text as PostgreSQL compares it under the C collation and every deterministic collation: by code points (UTF-8
/// bytes), never by Unicode canonical equivalence as Swift's `String ==` and `hash(into:)` do (`é` and `e` +
/// U+0301 are different values in PostgreSQL, one value to `String`). Equality, hashing, ordering, searching and
/// splitting of text datums go through here.
enum TextBytes {
    static func equal(_ a: String, _ b: String) -> Bool {
        var a = a
        var b = b
        return a.withUTF8 { x in b.withUTF8 { y in x.count == y.count && x.elementsEqual(y) } }
    }

    static func order(_ a: String, _ b: String) -> Int {
        var a = a
        var b = b
        return a.withUTF8 { x in
            b.withUTF8 { y in
                let common = min(x.count, y.count)
                var index = 0
                while index < common {
                    if x[index] != y[index] { return x[index] < y[index] ? -1 : 1 }
                    index += 1
                }
                return x.count == y.count ? 0 : (x.count < y.count ? -1 : 1)
            }
        }
    }

    static func hash(_ text: String, into hasher: inout Hasher) {
        var text = text
        text.withUTF8 {
            hasher.combine($0.count)
            hasher.combine(bytes: UnsafeRawBufferPointer($0))
        }
    }

    static func string<S: Sequence<Unicode.Scalar>>(_ scalars: S) -> String {
        var out = String.UnicodeScalarView()
        out.append(contentsOf: scalars)
        return String(out)
    }

    /// `text` cut at every occurrence of `separator` (not empty), empty pieces kept. Bytes of a valid UTF-8
    /// separator can only match at code point boundaries, so this is PostgreSQL's code point search.
    static func split(_ text: String, by separator: String) -> [String] {
        let bytes = Array(text.utf8)
        let needle = Array(separator.utf8)
        guard !needle.isEmpty else { return [text] }
        var parts: [String] = []
        var start = 0
        var index = 0
        while index + needle.count <= bytes.count {
            if bytes[index] == needle[0], bytes[index..<(index + needle.count)].elementsEqual(needle) {
                parts.append(String(decoding: bytes[start..<index], as: UTF8.self))
                index += needle.count
                start = index
            } else {
                index += 1
            }
        }
        parts.append(String(decoding: bytes[start...], as: UTF8.self))
        return parts
    }
}
