import Foundation

/// A real SeaweedFS S3 server for one test (`IntegrationTests/peers/s3.py`, which checks SigV4 and `Content-MD5`)
/// with the bucket `live`: started through the Python peer helper, stopped when its standard input closes.
public final class SeaweedFSPeer: Sendable {
    let peer: PeerProcess
    /// `http://127.0.0.1:<port>`.
    public var endpoint: String { peer.readyLine }

    private init(peer: PeerProcess) {
        self.peer = peer
    }

    /// Starts SeaweedFS on free ports and waits until the bucket `live` exists.
    public static func start() async throws -> SeaweedFSPeer {
        let script = """
            import signal, sys
            signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM})  # the test runner's mask is inherited
            sys.path.insert(0, sys.argv[1])
            from peers.s3 import seaweedfs_server
            with seaweedfs_server() as peer:
                peer.client().create_bucket(Bucket="live")
                print(peer.endpoint, flush=True)
                sys.stdin.read()
            """
        let peer = try await PeerProcess.start([
            "-c", script, PythonPeer.packageRoot.appendingPathComponent("IntegrationTests").path,
        ])
        guard peer.readyLine.hasPrefix("http://") else {
            peer.stop()
            throw PeerProcess.StartFailure(description: "SeaweedFS did not start: \(peer.readyLine)")
        }
        return SeaweedFSPeer(peer: peer)
    }

    /// Closes the peer's standard input (it stops by itself) without waiting.
    public func stop() {
        peer.stop()
    }
}
