/// `to_char` of numbers with PostgreSQL's numeric template: `9` (digit, blank when a leading zero), `0` (digit),
/// `.`/`D` (decimal point), `,`/`G` (group separator), `S` (sign), `MI`/`PL`/`SG` (minus/plus/both), `PR`
/// (negative in angle brackets), `FM` (no padding, no trailing zeros). `EEEE`, `V`, `RN`, `L`, `TH` are refused.
enum NumberFormat {
    static func format(_ value: Datum, _ format: String) throws -> String {
        let upper = Array(format.uppercased())
        var integerSlots: [Character] = []
        var fractionSlots: [Character] = []
        var seenPoint = false
        var fillMode = false
        var signLeading: String?
        var signTrailing: String?
        var brackets = false
        var index = 0
        while index < upper.count {
            let rest = String(upper[index...])
            if rest.hasPrefix("FM") {
                fillMode = true
                index += 2
            } else if rest.hasPrefix("PR") {
                brackets = true
                index += 2
            } else if rest.hasPrefix("MI") || rest.hasPrefix("PL") || rest.hasPrefix("SG") {
                let kind = String(rest.prefix(2))
                if integerSlots.isEmpty && !seenPoint { signLeading = kind } else { signTrailing = kind }
                index += 2
            } else if upper[index] == "S" {
                if integerSlots.isEmpty && !seenPoint { signLeading = "S" } else { signTrailing = "S" }
                index += 1
            } else if upper[index] == "9" || upper[index] == "0" {
                if seenPoint { fractionSlots.append(upper[index]) } else { integerSlots.append(upper[index]) }
                index += 1
            } else if upper[index] == "." || upper[index] == "D" {
                guard !seenPoint else { throw SQLError(.syntaxError, "multiple decimal points") }
                seenPoint = true
                index += 1
            } else if upper[index] == "," || upper[index] == "G" {
                if !seenPoint { integerSlots.append(",") }
                index += 1
            } else {
                throw SQLError(.featureNotSupported, "to_char number pattern \"\(rest.prefix(4))\" is not supported")
            }
        }
        var number: SQLNumeric
        switch value {
        case let .int(v): number = SQLNumeric(v)
        case let .numeric(v): number = v
        case let .float(v):
            guard v.isFinite else { throw SQLError(.featureNotSupported, "to_char of a non-finite number") }
            // PostgreSQL prints a double with printf's `%.*f`: the binary value rounded, not its shortest text.
            let scale = fractionSlots.count
            let scaled = (v * Double(Int64(pow10: scale))).rounded(.toNearestOrEven)
            guard abs(scaled) < 1e30 else { throw SQLError(.featureNotSupported, "to_char of a double this large") }
            number = SQLNumeric(unscaled: Int128(scaled), scale: scale)
        default: return ""
        }
        let rounded = try number.rescaled(to: fractionSlots.count)
        let negative = rounded.unscaled < 0
        var digits = String(rounded.unscaled.magnitude)
        if digits.count < fractionSlots.count + 1 {
            digits = String(repeating: "0", count: fractionSlots.count + 1 - digits.count) + digits
        }
        var integerDigits = Array(digits.dropLast(fractionSlots.count))
        let fractionDigits = Array(digits.suffix(fractionSlots.count))
        if integerDigits == ["0"], seenPoint { integerDigits = [] }
        let digitSlots = integerSlots.filter { $0 != "," }.count
        var body = ""
        if integerDigits.count > digitSlots {
            body = integerSlots.map { $0 == "," ? "," : "#" }.joined()
            if seenPoint { body += "." + String(repeating: "#", count: fractionSlots.count) }
        } else {
            var started = false
            var digitIndex = integerDigits.count - digitSlots
            var zeroForced = false
            for slot in integerSlots {
                if slot == "," {
                    body += started ? "," : (fillMode ? "" : " ")
                    continue
                }
                if digitIndex >= 0 {
                    body.append(integerDigits[digitIndex])
                    started = true
                } else if slot == "0" || zeroForced {
                    body.append("0")
                    started = true
                    zeroForced = true
                } else if !fillMode {
                    body.append(" ")
                }
                digitIndex += 1
            }
            if seenPoint {
                var fraction = String(fractionDigits)
                if fillMode {
                    var keep = fraction.count
                    for (position, slot) in fractionSlots.enumerated().reversed() {
                        let character = Array(fraction)[position]
                        if slot == "9", character == "0", position == keep - 1 { keep -= 1 } else { break }
                    }
                    fraction = String(fraction.prefix(keep))
                }
                body += "." + fraction
            }
        }
        // The sign goes right before the first digit, or as the patterns place it.
        func signText(_ kind: String) -> String {
            switch kind {
            case "S": return negative ? "-" : "+"
            case "MI": return negative ? "-" : (fillMode ? "" : " ")
            case "PL": return negative ? (fillMode ? "" : " ") : "+"
            default: return negative ? "-" : "+"
            }
        }
        if brackets {
            let firstNonSpace = body.firstIndex(where: { $0 != " " }) ?? body.endIndex
            return negative
                ? String(body[..<firstNonSpace]) + "<" + String(body[firstNonSpace...]) + ">" : " " + body + " "
        }
        if let signLeading {
            let firstNonSpace = body.firstIndex(where: { $0 != " " }) ?? body.endIndex
            return String(body[..<firstNonSpace]) + signText(signLeading) + String(body[firstNonSpace...])
        }
        if let signTrailing { return body + signText(signTrailing) }
        let firstNonSpace = body.firstIndex(where: { $0 != " " }) ?? body.endIndex
        let sign = negative ? "-" : (fillMode ? "" : " ")
        return String(body[..<firstNonSpace]) + sign + String(body[firstNonSpace...])
    }
}
