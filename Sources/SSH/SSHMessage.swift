/// SSH message numbers (RFC 4250 §4.1, RFC 5656, RFC 8308) this client sends or handles.
enum SSHMessage {
    static let disconnect: UInt8 = 1
    static let ignore: UInt8 = 2
    static let unimplemented: UInt8 = 3
    static let debug: UInt8 = 4
    static let serviceRequest: UInt8 = 5
    static let serviceAccept: UInt8 = 6
    static let extInfo: UInt8 = 7
    static let kexInit: UInt8 = 20
    static let newKeys: UInt8 = 21
    static let kexECDHInit: UInt8 = 30
    static let kexECDHReply: UInt8 = 31
    static let userAuthRequest: UInt8 = 50
    static let userAuthFailure: UInt8 = 51
    static let userAuthSuccess: UInt8 = 52
    static let userAuthBanner: UInt8 = 53
    /// PK_OK, PASSWD_CHANGEREQ or INFO_REQUEST, depending on the method in progress.
    static let userAuthMethodSpecific: UInt8 = 60
    static let userAuthInfoResponse: UInt8 = 61
    static let globalRequest: UInt8 = 80
    static let requestSuccess: UInt8 = 81
    static let requestFailure: UInt8 = 82
    static let channelOpen: UInt8 = 90
    static let channelOpenConfirmation: UInt8 = 91
    static let channelOpenFailure: UInt8 = 92
    static let channelWindowAdjust: UInt8 = 93
    static let channelData: UInt8 = 94
    static let channelExtendedData: UInt8 = 95
    static let channelEOF: UInt8 = 96
    static let channelClose: UInt8 = 97
    static let channelRequest: UInt8 = 98
    static let channelSuccess: UInt8 = 99
    static let channelFailure: UInt8 = 100

    /// Transport-layer messages (1...49) may be sent while a key exchange runs; others wait for NEWKEYS.
    static func isTransportLayer(_ number: UInt8) -> Bool { number < 50 }

    /// Messages allowed during a key exchange (RFC 4253 §7.1): transport generic ones and kex ones.
    static func isKeyExchange(_ number: UInt8) -> Bool { number >= 20 && number <= 49 }
}
