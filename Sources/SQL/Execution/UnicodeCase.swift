/// Case mapping as PostgreSQL's `lower`/`upper`/`initcap`/`ILIKE` under the reference cluster's `C.UTF-8` locale:
/// glibc's `towlower`/`towupper`, one code point to one code point (simple case mapping), so `ß` stays `ß` and
/// a final sigma lowers to `σ`. A code point whose full mapping is not a single code point is kept.
enum UnicodeCase {
    static func lower(_ text: String) -> String { map(text, upper: false) }
    static func upper(_ text: String) -> String { map(text, upper: true) }

    static func map(_ text: String, upper: Bool) -> String {
        if text.utf8.allSatisfy({ $0 < 0x80 }) {
            return upper ? ASCIICase.upper(text) : ASCIICase.lower(text)
        }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars { out.append(mapped(scalar, upper: upper)) }
        return String(out)
    }

    static func mapped(_ scalar: Unicode.Scalar, upper: Bool) -> Unicode.Scalar {
        if scalar.value < 0x80 {
            if upper, scalar.value >= 0x61, scalar.value <= 0x7A {
                return Unicode.Scalar(scalar.value - 0x20) ?? scalar
            }
            if !upper, scalar.value >= 0x41, scalar.value <= 0x5A {
                return Unicode.Scalar(scalar.value + 0x20) ?? scalar
            }
            return scalar
        }
        // İ's full lower-case mapping is i + combining dot; its simple one (glibc's) is i.
        if !upper, scalar.value == 0x130 { return "i" }
        let mapping = upper ? scalar.properties.uppercaseMapping : scalar.properties.lowercaseMapping
        var scalars = mapping.unicodeScalars.makeIterator()
        guard let first = scalars.next(), scalars.next() == nil else { return scalar }
        return first
    }

    /// `initcap`: the first letter of each run of letters and digits upper-cased, the rest lower-cased.
    static func initcap(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        var previousAlphanumeric = false
        for scalar in text.unicodeScalars {
            out.append(mapped(scalar, upper: !previousAlphanumeric))
            let properties = scalar.properties
            previousAlphanumeric = properties.isAlphabetic || properties.numericType != nil
        }
        return String(out)
    }
}
