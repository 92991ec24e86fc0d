import Columnar

/// Kernels of `JSONFunction` over `JSONText`.
enum JSONKernels {
    static func apply(_ function: JSONFunction, _ values: [Datum]) throws -> Datum {
        guard case let .text(document) = values[0] else { return .null }
        switch function {
        case let .get(asText):
            let selector: JSONText.Selector
            switch values[1] {
            case let .text(key): selector = .key(key)
            case let .int(index): selector = .index(index)
            default: return .null
            }
            guard let found = try JSONText.select(document, selector) else { return .null }
            return try result(found, asText: asText)
        case let .path(asText):
            guard case let .nested(.list(items)) = values[1] else { return .null }
            var keys: [Datum] = []
            for item in items {
                guard case let .string(key) = item else { return .null }
                keys.append(.text(key))
            }
            return try apply(.extractPath(asText: asText), [values[0]] + keys)
        case let .extractPath(asText):
            var current = Substring(document)
            try JSONText.validate(document)
            for key in values.dropFirst() {
                guard case let .text(name) = key else { return .null }
                // PostgreSQL's path keys address array elements by integer text too.
                var next = try JSONText.select(String(current), .key(name))
                if next == nil, let index = Int64(name) { next = try JSONText.select(String(current), .index(index)) }
                guard let found = next else { return .null }
                current = found
            }
            return try result(current, asText: asText)
        }
    }

    static func result(_ source: Substring, asText: Bool) throws -> Datum {
        guard asText else { return .text(String(source)) }
        return try JSONText.text(ofValue: source).map { .text($0) } ?? .null
    }
}
