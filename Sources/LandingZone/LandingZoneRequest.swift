import Signing

/// One request to the landing zone, decoded: `/<account>[/<container>[/<blob path>]]`, the query items and the
/// headers. `signedPath` keeps the decoded path exactly as sent (trailing `/` included) for SharedKey checks.
struct LandingZoneRequest: Sendable {
    var method: String
    var account: String
    var container: String?
    var blob: String?
    /// The decoded request path as sent, starting with `/`.
    var signedPath: String
    /// The request path exactly as sent (percent escapes kept).
    var rawPath: String
    var query: [SignableRequest.Field]
    var headers: [SignableRequest.Field]

    /// Parses a request whose raw path starts with `/<account>`; nil when it is not addressed to `account`.
    static func parse(
        method: String, rawPath: String, rawQuery: String?, headers: [SignableRequest.Field], account: String
    ) throws(LandingZoneError) -> LandingZoneRequest? {
        guard let decoded = LandingZonePercent.decode(rawPath) else { throw .invalidName() }
        var segments = decoded.split(separator: "/", omittingEmptySubsequences: false).dropFirst().map(String.init)
        guard segments.first == account else { return nil }
        segments.removeFirst()
        if segments.last == "" { segments.removeLast() }
        var container: String?
        var blob: String?
        if let first = segments.first {
            guard LandingZoneNames.isValidContainer(first) else { throw .invalidName() }
            container = first
            let rest = segments.dropFirst()
            if !rest.isEmpty {
                guard rest.allSatisfy({ !$0.isEmpty && $0 != "." && $0 != ".." && !$0.utf8.contains(0) }),
                    rest.reduce(0, { $0 + $1.utf8.count + 1 }) <= 1025
                else { throw .invalidName() }
                blob = rest.joined(separator: "/")
            }
        }
        var query: [SignableRequest.Field] = []
        for item in (rawQuery ?? "").split(separator: "&", omittingEmptySubsequences: true) {
            let parts = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = LandingZonePercent.decode(String(parts[0])),
                let value = LandingZonePercent.decode(parts.count > 1 ? String(parts[1]) : "")
            else { throw .invalidQuery("percent escape") }
            query.append(.init(name, value))
        }
        return LandingZoneRequest(
            method: method.uppercased(), account: account, container: container, blob: blob, signedPath: decoded,
            rawPath: rawPath, query: query, headers: headers)
    }

    /// The first query value named `name` (case-insensitive name).
    func query(_ name: String) -> String? {
        let lowered = name.lowercased()
        return query.first { $0.name.lowercased() == lowered }?.value
    }

    /// The first header value named `name` (case-insensitive).
    func header(_ name: String) -> String? {
        let lowered = name.lowercased()
        return headers.first { $0.name.lowercased() == lowered }?.value
    }
}

/// Azure's container naming rule: 3-63 of lowercase letters, digits and single '-', not at either end
/// (`$root`-style system containers are not served).
enum LandingZoneNames {
    static func isValidContainer(_ name: String) -> Bool {
        (3...63).contains(name.utf8.count)
            && name.utf8.allSatisfy { ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 45 }
            && name.first != "-" && name.last != "-" && !name.contains("--")
    }
}

/// RFC 3986 percent-decoding (a `+` stays a `+`); nil on a malformed escape or invalid UTF-8.
enum LandingZonePercent {
    static func decode(_ text: String) -> String? {
        guard text.utf8.contains(UInt8(ascii: "%")) else { return text }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var iterator = text.utf8.makeIterator()
        while let byte = iterator.next() {
            guard byte == UInt8(ascii: "%") else {
                bytes.append(byte)
                continue
            }
            guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else {
                return nil
            }
            bytes.append(high << 4 | low)
        }
        return String(validating: bytes, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 48...57: byte - 48
        case 65...70: byte - 55
        case 97...102: byte - 87
        default: nil
        }
    }
}
