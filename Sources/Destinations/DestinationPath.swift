/// Checks destination-relative paths: `/`-separated, no empty, `.` or `..` segments, no NUL, no leading `/`.
enum DestinationPath {
    static func validate(_ path: String) throws(DestinationError) {
        let segments = path.split(separator: "/", omittingEmptySubsequences: false)
        let valid =
            !path.isEmpty && path.utf8.count <= 1024 && !path.utf8.contains(0)
            && segments.allSatisfy { !$0.isEmpty && $0 != "." && $0 != ".." }
        guard valid else {
            throw DestinationError(
                .invalid, "invalid object path (use relative '/'-separated names without '..')", path: path)
        }
    }

    /// Prefixes may be empty or end with `/`; they follow the same segment rules otherwise.
    static func validatePrefix(_ prefix: String) throws(DestinationError) {
        guard !prefix.isEmpty else { return }
        let trimmed = prefix.hasSuffix("/") ? String(prefix.dropLast()) : prefix
        guard !trimmed.isEmpty else { return }
        do throws(DestinationError) { try validate(trimmed) } catch {
            throw DestinationError(.invalid, "invalid list prefix", path: prefix)
        }
    }

    /// The directory part of a path ("" for a top-level name).
    static func parent(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "" }
        return String(path[..<slash])
    }

    /// The last segment of a path.
    static func name(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return path }
        return String(path[path.index(after: slash)...])
    }

    /// Staged (uncommitted) files are named `.<name>.outflow-tmp-<token>` and never listed.
    static let stagingMarker = ".outflow-tmp-"

    static func isStaging(_ name: String) -> Bool {
        name.hasPrefix(".") && name.contains(stagingMarker)
    }

    /// The final name a staging file name `.<name>.outflow-tmp-<token>` stands for, or nil for other names.
    static func stagedName(_ name: String) -> String? {
        guard name.hasPrefix("."), let marker = name.ranges(of: stagingMarker).last else { return nil }
        let final = String(name[name.index(after: name.startIndex)..<marker.lowerBound])
        return final.isEmpty ? nil : final
    }

    /// The staged upload a staging file at destination-relative `stagingPath` stands for, or nil.
    static func stagedUpload(atStagingPath stagingPath: String) -> StagedUpload? {
        guard let final = stagedName(name(stagingPath)) else { return nil }
        let folder = parent(stagingPath)
        return StagedUpload(path: folder.isEmpty ? final : folder + "/" + final, handle: stagingPath)
    }

    /// Checks that `upload.handle` is a valid path naming a staging file (so discarding it never removes a
    /// committed object).
    static func validateStaging(_ upload: StagedUpload) throws(DestinationError) {
        try validate(upload.handle)
        guard stagedName(name(upload.handle)) != nil else {
            throw DestinationError(.invalid, "not a staged upload", path: upload.handle)
        }
    }
}
