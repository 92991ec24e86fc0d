/// One key exchange in progress: our KEXINIT, the server's, what they agreed and the keys waiting for the
/// server's NEWKEYS.
struct SSHKexRound {
    var initial: Bool
    var ours: SSHKexInit
    var theirs: SSHKexInit?
    var algorithms: SSHNegotiatedAlgorithms?
    var exchange: SSHKeyExchange?
    /// Derived server-to-client keys, taken into use at the server's NEWKEYS.
    var inboundKeys: SSHDirectionKeys?
}
