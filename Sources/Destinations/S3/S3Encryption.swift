import Foundation
import Signing

/// Server-side encryption asked of S3 for every object written.
public enum S3Encryption: Sendable, Hashable {
    /// `x-amz-server-side-encryption: AES256` (S3-managed keys).
    case aes256
    /// `x-amz-server-side-encryption: aws:kms`, with a KMS key id or ARN (the bucket's default key when nil).
    case kms(keyID: String?)

    /// Parses the `serverSideEncryption` parameter (`AES256`, `aws:kms`; empty for none).
    public init?(parameter: String, kmsKeyID: String?) throws(DestinationError) {
        switch parameter.trimmingCharacters(in: .whitespaces).lowercased() {
        case "": return nil
        case "aes256": self = .aes256
        case "aws:kms", "kms": self = .kms(keyID: kmsKeyID.flatMap { $0.isEmpty ? nil : $0 })
        default:
            throw DestinationError(
                .invalid, "serverSideEncryption must be AES256 or aws:kms (params.serverSideEncryption)")
        }
    }

    /// The request headers that ask for this encryption.
    var headers: [SignableRequest.Field] {
        switch self {
        case .aes256:
            return [.init("x-amz-server-side-encryption", "AES256")]
        case .kms(let keyID):
            var fields = [SignableRequest.Field("x-amz-server-side-encryption", "aws:kms")]
            if let keyID { fields.append(.init("x-amz-server-side-encryption-aws-kms-key-id", keyID)) }
            return fields
        }
    }
}
