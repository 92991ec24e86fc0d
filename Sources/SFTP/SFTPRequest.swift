import NIOCore

/// SFTP v3 packet type numbers (draft-ietf-secsh-filexfer-02 section 3).
enum SFTPPacketType: UInt8, Sendable {
    case initialize = 1
    case version = 2
    case open = 3
    case close = 4
    case read = 5
    case write = 6
    case lstat = 7
    case fstat = 8
    case setstat = 9
    case fsetstat = 10
    case opendir = 11
    case readdir = 12
    case remove = 13
    case mkdir = 14
    case rmdir = 15
    case realpath = 16
    case stat = 17
    case rename = 18
    case readlink = 19
    case symlink = 20
    case status = 101
    case handle = 102
    case data = 103
    case name = 104
    case attrs = 105
    case extended = 200
    case extendedReply = 201
}

/// `SSH_FXF_*` open flags.
struct SFTPOpenFlags: OptionSet, Sendable, Hashable {
    let rawValue: UInt32

    static let read = SFTPOpenFlags(rawValue: 0x01)
    static let write = SFTPOpenFlags(rawValue: 0x02)
    static let append = SFTPOpenFlags(rawValue: 0x04)
    static let create = SFTPOpenFlags(rawValue: 0x08)
    static let truncate = SFTPOpenFlags(rawValue: 0x10)
    static let exclusive = SFTPOpenFlags(rawValue: 0x20)
}

/// A client request. Handles are the server's opaque byte strings.
enum SFTPRequest: Sendable, Hashable {
    case open(path: String, flags: SFTPOpenFlags, attributes: SFTPAttributes)
    case close(handle: [UInt8])
    case read(handle: [UInt8], offset: UInt64, length: UInt32)
    case write(handle: [UInt8], offset: UInt64, data: ByteBuffer)
    case lstat(path: String)
    case stat(path: String)
    case opendir(path: String)
    case readdir(handle: [UInt8])
    case remove(path: String)
    case mkdir(path: String, attributes: SFTPAttributes)
    case rmdir(path: String)
    case realpath(path: String)
    case rename(from: String, to: String)
    /// OpenSSH's `posix-rename@openssh.com` extension: rename replacing an existing target atomically.
    case posixRename(from: String, to: String)

    static let posixRenameExtension = "posix-rename@openssh.com"

    /// The request's name in error messages ("open", "write" ...).
    var operation: String {
        switch self {
        case .open: "open"
        case .close: "close"
        case .read: "read"
        case .write: "write"
        case .lstat: "lstat"
        case .stat: "stat"
        case .opendir: "opendir"
        case .readdir: "readdir"
        case .remove: "remove"
        case .mkdir: "mkdir"
        case .rmdir: "rmdir"
        case .realpath: "realpath"
        case .rename, .posixRename: "rename"
        }
    }

    /// Appends the framed packet (`uint32 length`, type, request id, fields) to `buffer`.
    func encode(id: UInt32, into buffer: inout ByteBuffer) {
        let lengthIndex = buffer.writerIndex
        buffer.writeInteger(UInt32(0))
        let start = buffer.writerIndex
        buffer.writeInteger(packetType.rawValue)
        buffer.writeInteger(id)
        writeFields(into: &buffer)
        buffer.setInteger(UInt32(buffer.writerIndex - start), at: lengthIndex)
    }

    private var packetType: SFTPPacketType {
        switch self {
        case .open: .open
        case .close: .close
        case .read: .read
        case .write: .write
        case .lstat: .lstat
        case .stat: .stat
        case .opendir: .opendir
        case .readdir: .readdir
        case .remove: .remove
        case .mkdir: .mkdir
        case .rmdir: .rmdir
        case .realpath: .realpath
        case .rename: .rename
        case .posixRename: .extended
        }
    }

    private func writeFields(into buffer: inout ByteBuffer) {
        switch self {
        case .open(let path, let flags, let attributes):
            buffer.writeSFTPString(path)
            buffer.writeInteger(flags.rawValue)
            attributes.write(to: &buffer)
        case .close(let handle), .readdir(let handle):
            buffer.writeSFTPString(handle)
        case .read(let handle, let offset, let length):
            buffer.writeSFTPString(handle)
            buffer.writeInteger(offset)
            buffer.writeInteger(length)
        case .write(let handle, let offset, var data):
            buffer.writeSFTPString(handle)
            buffer.writeInteger(offset)
            buffer.writeInteger(UInt32(data.readableBytes))
            buffer.writeBuffer(&data)
        case .lstat(let path), .stat(let path), .opendir(let path), .remove(let path), .rmdir(let path),
            .realpath(let path):
            buffer.writeSFTPString(path)
        case .mkdir(let path, let attributes):
            buffer.writeSFTPString(path)
            attributes.write(to: &buffer)
        case .rename(let from, let to):
            buffer.writeSFTPString(from)
            buffer.writeSFTPString(to)
        case .posixRename(let from, let to):
            buffer.writeSFTPString(Self.posixRenameExtension)
            buffer.writeSFTPString(from)
            buffer.writeSFTPString(to)
        }
    }

    /// The `SSH_FXP_INIT` packet asking for protocol version 3.
    static func initialize(into buffer: inout ByteBuffer) {
        buffer.writeInteger(UInt32(5))
        buffer.writeInteger(SFTPPacketType.initialize.rawValue)
        buffer.writeInteger(UInt32(3))
    }
}
