import Crypto

/// The server side of one SCRAM-SHA-256 exchange (RFC 5802 §3, RFC 7677) as a value: client-first in,
/// server-first out; client-final in, server-final out or a failure. Channel binding is not offered, so the GS2
/// header must be `n,,` (or `y,,`, a client that could bind but sees no -PLUS mechanism).
public struct SCRAMServerExchange: Sendable {
    public enum Failure: Error, Sendable, Equatable {
        /// The client's message does not follow the grammar (08P01 in PostgreSQL).
        case malformed(String)
        /// The proof does not match: wrong password, or no such user (28P01).
        case wrongProof
    }

    enum State: Sendable {
        case awaitingClientFirst
        case awaitingClientFinal(clientFirstBare: String, serverFirst: String, nonce: String, gs2Header: String)
        case done
    }

    private var state: State = .awaitingClientFirst
    private let verifier: SCRAMVerifier
    private let serverNonce: String

    /// `serverNonce`: printable ASCII without `,` (the server appends it to the client's nonce).
    public init(verifier: SCRAMVerifier, serverNonce: String) {
        self.verifier = verifier
        self.serverNonce = serverNonce
    }

    /// Takes client-first-message, returns server-first-message.
    public mutating func clientFirstReceived(_ message: String) throws(Failure) -> String {
        guard case .awaitingClientFirst = state else { throw .malformed("unexpected SCRAM client-first-message") }
        // gs2-header: gs2-cbind-flag "," [authzid] ","
        let parts = message.split(separator: ",", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3 else { throw .malformed("malformed SCRAM message") }
        switch parts[0] {
        case "n", "y": break
        case let flag where flag.hasPrefix("p="):
            throw .malformed("channel binding is not supported by this server")
        default: throw .malformed("malformed SCRAM message (unexpected channel-binding flag)")
        }
        guard parts[1].isEmpty else { throw .malformed("client uses authorization identity, but it is not supported") }
        let bare = String(parts[2])
        let attributes = Self.attributes(bare)
        guard let first = attributes.first, first.key == "n", attributes.count >= 2, attributes[1].key == "r",
            !attributes[1].value.isEmpty, attributes[1].value.allSatisfy({ $0.isASCII && $0 != "," })
        else { throw .malformed("malformed SCRAM message (nonce expected)") }
        let nonce = attributes[1].value + serverNonce
        let serverFirst = "r=\(nonce),s=\(Base64.encode(verifier.salt)),i=\(verifier.iterations)"
        state = .awaitingClientFinal(
            clientFirstBare: bare, serverFirst: serverFirst, nonce: nonce, gs2Header: "\(parts[0]),,")
        return serverFirst
    }

    /// Takes client-final-message, checks the channel binding, nonce and proof; returns server-final-message.
    public mutating func clientFinalReceived(_ message: String) throws(Failure) -> String {
        guard case .awaitingClientFinal(let clientFirstBare, let serverFirst, let nonce, let gs2Header) = state else {
            throw .malformed("unexpected SCRAM client-final-message")
        }
        state = .done
        let attributes = Self.attributes(message)
        guard attributes.count >= 3, attributes[0].key == "c", attributes[1].key == "r",
            let proofAttribute = attributes.last, proofAttribute.key == "p"
        else { throw .malformed("malformed SCRAM message") }
        guard Base64.decode(attributes[0].value) == Array(gs2Header.utf8) else {
            throw .malformed("SCRAM channel binding check failed")
        }
        guard attributes[1].value == nonce else { throw .malformed("SCRAM nonce mismatch") }
        guard let proof = Base64.decode(proofAttribute.value), proof.count == verifier.storedKey.count else {
            throw .malformed("malformed SCRAM message (invalid ClientProof)")
        }
        // client-final-message-without-proof: everything before the last ",p=".
        let withoutProof = attributes.dropLast().map { $0.key.isEmpty ? $0.value : "\($0.key)=\($0.value)" }
            .joined(separator: ",")
        let authMessage = Array("\(clientFirstBare),\(serverFirst),\(withoutProof)".utf8)
        let clientSignature = SCRAMVerifier.hmac(key: verifier.storedKey, authMessage)
        var clientKey = proof
        for index in clientKey.indices { clientKey[index] ^= clientSignature[index] }
        let storedKey = Array(SHA256.hash(data: clientKey))
        guard SCRAMVerifier.constantTimeEqual(storedKey, verifier.storedKey) else { throw .wrongProof }
        return "v=" + Base64.encode(SCRAMVerifier.hmac(key: verifier.serverKey, authMessage))
    }

    /// `k=v` pairs in order; a value may hold `=` (base64 padding).
    static func attributes(_ text: String) -> [(key: String, value: String)] {
        text.split(separator: ",", omittingEmptySubsequences: false).map { part in
            guard let equals = part.firstIndex(of: "="), part.distance(from: part.startIndex, to: equals) == 1 else {
                return ("", String(part))
            }
            return (String(part[..<equals]), String(part[part.index(after: equals)...]))
        }
    }
}
