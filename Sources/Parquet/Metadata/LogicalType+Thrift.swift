extension TimeUnit {
    func encode(_ w: inout CompactWriter) {
        let id: Int16
        switch self {
        case .millis: id = 1
        case .micros: id = 2
        case .nanos: id = 3
        }
        w.field(id) { _ in }
    }

    static func decode(_ r: inout CompactReader) throws(ParquetError) -> TimeUnit {
        var unit = TimeUnit.micros
        while let f = try r.nextField() {
            switch f.id {
            case 1: unit = .millis
            case 2: unit = .micros
            case 3: unit = .nanos
            default: break
            }
            try r.skip(f.type)
        }
        return unit
    }
}

extension LogicalType {
    func encode(_ w: inout CompactWriter) {
        switch self {
        case .string: w.field(1) { _ in }
        case .map: w.field(2) { _ in }
        case .list: w.field(3) { _ in }
        case .enumType: w.field(4) { _ in }
        case let .decimal(scale, precision):
            w.field(5) { w in
                w.field(1, i32: scale)
                w.field(2, i32: precision)
            }
        case .date: w.field(6) { _ in }
        case let .time(utc, unit):
            w.field(7) { w in
                w.field(1, bool: utc)
                w.field(2) { unit.encode(&$0) }
            }
        case let .timestamp(utc, unit):
            w.field(8) { w in
                w.field(1, bool: utc)
                w.field(2) { unit.encode(&$0) }
            }
        case let .integer(bitWidth, signed):
            w.field(10) { w in
                w.field(1, byte: bitWidth)
                w.field(2, bool: signed)
            }
        case .unknown: w.field(11) { _ in }
        case .json: w.field(12) { _ in }
        case .bson: w.field(13) { _ in }
        case .uuid: w.field(14) { _ in }
        case .float16: w.field(15) { _ in }
        case let .other(id): w.field(id) { _ in }
        }
    }

    /// Decodes the union (its struct already entered).
    static func decode(_ r: inout CompactReader) throws(ParquetError) -> LogicalType? {
        var result: LogicalType?
        while let f = try r.nextField() {
            guard f.type == .struct else {
                try r.skip(f.type)
                continue
            }
            try r.beginStruct()
            switch f.id {
            case 5:
                var scale: Int32 = 0
                var precision: Int32 = 0
                while let g = try r.nextField() {
                    switch (g.id, g.type) {
                    case (1, .i32): scale = try r.readI32()
                    case (2, .i32): precision = try r.readI32()
                    default: try r.skip(g.type)
                    }
                }
                result = .decimal(scale: scale, precision: precision)
            case 7, 8:
                var utc = false
                var unit = TimeUnit.micros
                while let g = try r.nextField() {
                    switch (g.id, g.type) {
                    case (1, .boolTrue), (1, .boolFalse): utc = r.readBool(g.type)
                    case (2, .struct):
                        try r.beginStruct()
                        unit = try TimeUnit.decode(&r)
                    default: try r.skip(g.type)
                    }
                }
                result = f.id == 7 ? .time(utc: utc, unit: unit) : .timestamp(utc: utc, unit: unit)
            case 10:
                var width: Int8 = 32
                var signed = true
                while let g = try r.nextField() {
                    switch (g.id, g.type) {
                    case (1, .byte): width = Int8(bitPattern: try r.readByte())
                    case (2, .boolTrue), (2, .boolFalse): signed = r.readBool(g.type)
                    default: try r.skip(g.type)
                    }
                }
                result = .integer(bitWidth: width, signed: signed)
            default:
                while let g = try r.nextField() { try r.skip(g.type) }
                switch f.id {
                case 1: result = .string
                case 2: result = .map
                case 3: result = .list
                case 4: result = .enumType
                case 6: result = .date
                case 11: result = .unknown
                case 12: result = .json
                case 13: result = .bson
                case 14: result = .uuid
                case 15: result = .float16
                default: result = .other(f.id)
                }
            }
        }
        return result
    }
}
