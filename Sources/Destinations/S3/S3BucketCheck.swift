import Signing

/// Makes sure the bucket exists before the first upload. Some S3-compatible servers (SeaweedFS) create a missing
/// bucket on `PutObject`, which would hide a mistyped bucket name; AWS answers `NoSuchBucket`. One
/// `ListObjectsV2` (max one key) per destination settles it: `NoSuchBucket` fails with the specific error, any
/// other answer (including `AccessDenied` for write-only credentials) lets the upload speak for itself.
actor S3BucketCheck {
    private var confirmed = false

    func ensureBucketExists(_ destination: S3Destination) async throws(DestinationError) {
        guard !confirmed else { return }
        var request = destination.builder.listObjects(
            prefix: destination.configuration.probeFolder, continuationToken: nil)
        request.signable.query.append(.init("max-keys", "1"))
        do throws(DestinationError) {
            _ = try await destination.send(request, path: nil)
        } catch  where error.serviceCode == "NoSuchBucket" {
            throw error
        } catch {
            return  // not confirmed: checked again next time, the upload reports its own error
        }
        confirmed = true
    }
}
