import NIOCore

/// SFTP v3 file attributes (draft-ietf-secsh-filexfer-02 section 5): each field is present only when its
/// flag bit is set.
package struct SFTPAttributes: Sendable, Hashable {
    static let sizeFlag: UInt32 = 0x1
    static let uidGidFlag: UInt32 = 0x2
    static let permissionsFlag: UInt32 = 0x4
    static let accessModificationTimeFlag: UInt32 = 0x8
    static let extendedFlag: UInt32 = 0x8000_0000

    package var size: UInt64?
    var uid: UInt32?
    var gid: UInt32?
    var permissions: UInt32?
    var accessTime: UInt32?
    var modificationTime: UInt32?
    var extended: [SFTPExtensionPair] = []

    static let empty = SFTPAttributes()

    /// Whether the permissions name a directory (`S_IFDIR`).
    package var isDirectory: Bool { permissions.map { $0 & 0o170000 == 0o040000 } ?? false }
    /// Whether the permissions name a regular file (`S_IFREG`); true when the server sent no type.
    package var isRegularFile: Bool { permissions.map { $0 & 0o170000 == 0o100000 } ?? true }

    var flags: UInt32 {
        var flags: UInt32 = 0
        if size != nil { flags |= Self.sizeFlag }
        if uid != nil, gid != nil { flags |= Self.uidGidFlag }
        if permissions != nil { flags |= Self.permissionsFlag }
        if accessTime != nil, modificationTime != nil { flags |= Self.accessModificationTimeFlag }
        if !extended.isEmpty { flags |= Self.extendedFlag }
        return flags
    }

    func write(to buffer: inout ByteBuffer) {
        let flags = self.flags
        buffer.writeInteger(flags)
        if let size { buffer.writeInteger(size) }
        if flags & Self.uidGidFlag != 0, let uid, let gid {
            buffer.writeInteger(uid)
            buffer.writeInteger(gid)
        }
        if let permissions { buffer.writeInteger(permissions) }
        if flags & Self.accessModificationTimeFlag != 0, let accessTime, let modificationTime {
            buffer.writeInteger(accessTime)
            buffer.writeInteger(modificationTime)
        }
        if !extended.isEmpty {
            buffer.writeInteger(UInt32(extended.count))
            for pair in extended {
                buffer.writeSFTPString(pair.name)
                buffer.writeSFTPString(pair.data)
            }
        }
    }

    static func read(from buffer: inout ByteBuffer) throws(SFTPProtocolError) -> SFTPAttributes {
        let flags: UInt32 = try buffer.readSFTPInteger()
        var attributes = SFTPAttributes()
        if flags & sizeFlag != 0 { attributes.size = try buffer.readSFTPInteger() }
        if flags & uidGidFlag != 0 {
            attributes.uid = try buffer.readSFTPInteger()
            attributes.gid = try buffer.readSFTPInteger()
        }
        if flags & permissionsFlag != 0 { attributes.permissions = try buffer.readSFTPInteger() }
        if flags & accessModificationTimeFlag != 0 {
            attributes.accessTime = try buffer.readSFTPInteger()
            attributes.modificationTime = try buffer.readSFTPInteger()
        }
        if flags & extendedFlag != 0 {
            let count: UInt32 = try buffer.readSFTPInteger()
            for _ in 0..<count {
                let name = try buffer.readSFTPText()
                let data = try buffer.readSFTPString()
                attributes.extended.append(SFTPExtensionPair(name: name, data: data))
            }
        }
        return attributes
    }
}

/// A name/data pair: an attribute extension, or an extension a server announces in `VERSION`.
struct SFTPExtensionPair: Sendable, Hashable {
    var name: String
    var data: [UInt8]
}

/// A malformed SFTP packet (truncated field, unknown type, oversized length).
struct SFTPProtocolError: Error, Sendable, Hashable, CustomStringConvertible {
    var reason: String

    init(_ reason: String) { self.reason = reason }

    var description: String { "malformed SFTP packet: \(reason)" }
}

extension ByteBuffer {
    /// An SSH `string`: uint32 length then bytes.
    mutating func writeSFTPString(_ bytes: [UInt8]) {
        writeInteger(UInt32(bytes.count))
        writeBytes(bytes)
    }

    mutating func writeSFTPString(_ text: String) {
        writeSFTPString(Array(text.utf8))
    }

    mutating func readSFTPInteger<T: FixedWidthInteger>() throws(SFTPProtocolError) -> T {
        guard let value = readInteger(as: T.self) else { throw SFTPProtocolError("truncated integer") }
        return value
    }

    mutating func readSFTPString() throws(SFTPProtocolError) -> [UInt8] {
        let length: UInt32 = try readSFTPInteger()
        guard let bytes = readBytes(length: Int(length)) else { throw SFTPProtocolError("truncated string") }
        return bytes
    }

    mutating func readSFTPText() throws(SFTPProtocolError) -> String {
        String(decoding: try readSFTPString(), as: UTF8.self)
    }

    mutating func readSFTPSlice() throws(SFTPProtocolError) -> ByteBuffer {
        let length: UInt32 = try readSFTPInteger()
        guard let slice = readSlice(length: Int(length)) else { throw SFTPProtocolError("truncated data") }
        return slice
    }
}
