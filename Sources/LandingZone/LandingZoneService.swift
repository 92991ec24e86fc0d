package import Foundation
import Hummingbird
package import NIOPosix
import Signing

/// Serves the landing zone's containers over the Azure Blob and DFS REST subset at
/// `http://<host>:<port>/<account>/<container>/<blob>`: parses and classifies the request, authorizes it
/// (SharedKey, SAS or bearer), runs it against `LandingZoneStore` on a thread pool and answers as Azure does,
/// errors included (`x-ms-error-code`, XML for Blob calls, JSON for DFS calls).
package struct LandingZoneService: Sendable {
    package let account: LandingZoneAccount
    let store: LandingZoneStore
    let io: LandingZoneFileIO
    let maxUploadBytes: Int
    /// SAS lifetime, TLS, uncommitted-block limits and the bearer key (SECURITY.md, "Data Landing Zone").
    package let settings: LandingZoneSettings
    package let now: @Sendable () -> Date

    package init(
        account: LandingZoneAccount, root: String, maxUploadBytes: Int, settings: LandingZoneSettings = .init(),
        pool: NIOThreadPool = .singleton, now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.account = account
        self.store = LandingZoneStore(root: root)
        self.io = LandingZoneFileIO(pool: pool)
        self.maxUploadBytes = maxUploadBytes
        self.settings = settings
        self.now = now
    }

    var uncommittedLimits: LandingZoneStore.UncommittedLimits {
        .init(
            maxBlocks: settings.maxUncommittedBlocks, maxBytes: settings.maxUncommittedBytes,
            lifetime: settings.uncommittedLifetime)
    }

    /// The response for `request`, or nil when it is not addressed to the landing zone's account.
    func respond(to request: Request) async -> Response? {
        var headers = request.headers.map { SignableRequest.Field($0.name.rawName, $0.value) }
        if let authority = request.head.authority { headers.append(.init("Host", authority)) }
        let parsed: LandingZoneRequest
        do throws(LandingZoneError) {
            guard
                let value = try LandingZoneRequest.parse(
                    method: request.method.rawValue, rawPath: request.uri.path, rawQuery: request.uri.query,
                    headers: headers, account: account.name)
            else { return nil }
            parsed = value
        } catch {
            return LandingZoneResponses.error(error, dfs: false, version: nil)
        }
        let version = parsed.header("x-ms-version")
        var operation: LandingZoneOperation?
        do throws(LandingZoneError) {
            let classified = try LandingZoneOperation.classify(parsed)
            operation = classified
            try LandingZoneAuthorizer(account: account, bearerKey: settings.bearerKey, https: settings.https).authorize(
                parsed, classified, now: now())
            var response = try await perform(classified, parsed, body: request.body)
            LandingZoneResponses.addCommonHeaders(&response.headers, version: version)
            return response
        } catch {
            let dfs = operation?.isDFS ?? (parsed.query("resource") != nil || parsed.query("action") != nil)
            return LandingZoneResponses.error(error, dfs: dfs, version: version, head: parsed.method == "HEAD")
        }
    }

    private func perform(
        _ operation: LandingZoneOperation, _ request: LandingZoneRequest, body: RequestBody
    ) async throws(LandingZoneError) -> Response {
        let store = store
        let container = request.container ?? ""
        let blob = request.blob ?? ""
        switch operation {
        case .listContainers:
            let prefix = request.query("prefix")
            let entries = try await io.run { store.listContainers(prefix: prefix) }
            return try LandingZoneResponses.xml(
                LandingZoneContainerList(
                    serviceEndpoint: serviceEndpoint(request), prefix: prefix, marker: nil,
                    maxResults: request.query("maxresults").flatMap { Int($0) }, entries: entries, nextMarker: nil))
        case .accountInformation:
            return LandingZoneResponses.accountInformation()
        case .containerProperties:
            let entry = try await io.run { () throws(LandingZoneError) in
                guard let entry = store.container(container) else { throw .containerNotFound() }
                return entry
            }
            return LandingZoneResponses.empty(.ok, entry: entry, head: request.method == "HEAD")
        case .createContainer:
            let created = try await io.run { () throws(LandingZoneError) in try store.createContainer(container) }
            guard created else {
                throw LandingZoneError(.conflict, "ContainerAlreadyExists", "The specified container already exists.")
            }
            return LandingZoneResponses.empty(.created, entry: store.container(container))
        case .deleteContainer:
            try await io.run { () throws(LandingZoneError) in try store.deleteContainer(container) }
            return LandingZoneResponses.empty(.accepted, entry: nil)
        case .listBlobs:
            return try await listBlobs(request, container: container)
        case .getBlob:
            return try await getBlob(request, container: container, blob: blob)
        case .getBlobProperties:
            let entry = try await io.run { () throws(LandingZoneError) in
                try store.withProperties(container, store.entry(container, blob, allowDirectory: true))
            }
            return LandingZoneResponses.properties(entry, head: true)
        case .getBlockList:
            let (limits, time) = (uncommittedLimits, now())
            let blocks = try await io.run {
                store.expireIfStale(store.stagingFolder(container, blob), lifetime: limits.lifetime, now: time)
                return store.uncommittedBlocks(container, blob)
            }
            return try LandingZoneResponses.xml(LandingZoneBlockList(uncommitted: blocks))
        case .deleteBlob(let recursive):
            try await io.run { () throws(LandingZoneError) in try store.delete(container, blob, recursive: recursive) }
            return LandingZoneResponses.empty(request.query("recursive") == nil ? .accepted : .ok, entry: nil)
        case .setBlobProperties:
            return try await setBlobProperties(request, container: container, blob: blob)
        case .copyBlob(let sourceContainer, let sourceBlob, _):
            return try await copyBlob(
                request, from: sourceContainer, sourceBlob, to: container, blob)
        case .putBlob, .putBlock, .putBlockList:
            return try await putBlob(operation, request, container: container, blob: blob, body: body)
        case .listPaths, .createFile, .createDirectory, .rename, .append, .flush:
            return try await performDFS(operation, request, container: container, path: blob, body: body)
        }
    }

    /// `http(s)://<Host>/<account>/` as the listings' `ServiceEndpoint`.
    func serviceEndpoint(_ request: LandingZoneRequest) -> String {
        "\(settings.https ? "https" : "http")://\(request.header("Host") ?? "127.0.0.1")/\(account.name)/"
    }
}

extension LandingZoneService {
    /// Creates `container` under the landing zone's folder if it does not exist (on the file I/O pool).
    package func ensureContainer(_ container: String) async throws(LandingZoneError) {
        let store = self.store
        _ = try await io.run { () throws(LandingZoneError) in try store.createContainer(container) }
    }

    /// Discards every blob's staged blocks and pending appends untouched for `settings.uncommittedLifetime` (run
    /// once at start-up; the same rule applies lazily to a blob's blocks when they are next used). Returns how
    /// many blobs' staging was removed.
    package func sweepUncommitted() async -> Int {
        let (store, lifetime, time) = (store, settings.uncommittedLifetime, now())
        return (try? await io.run { store.sweepUncommitted(lifetime: lifetime, now: time) }) ?? 0
    }
}
