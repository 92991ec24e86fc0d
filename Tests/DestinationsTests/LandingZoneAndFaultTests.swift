import Foundation
import Testing

@testable import Destinations

@Suite struct LandingZoneAndFaultTests {
    @Test func landingZoneStoresUnderTheContainerFolder() async throws {
        let data = TemporaryFolder()
        let zone = try LandingZoneDestination(
            landingZoneRoot: data.path + "/landing-zone", container: "dlz-destination")
        let writer = try await zone.openWriter(path: "exports/f.json")
        try await writer.write(Array("{}\n".utf8))
        _ = try await writer.commit()
        #expect(data.allFiles() == ["landing-zone/dlz-destination/exports/f.json"])
        #expect(try await zone.list(prefix: "exports/").map(\.path) == ["exports/f.json"])
        #expect(await zone.testConnection().succeeded)
    }

    @Test(arguments: ["A", "ab", "-abc", "abc-", "a_b_c", String(repeating: "a", count: 64)])
    func invalidContainerNamesAreRejected(name: String) {
        #expect(throws: DestinationError.self) {
            _ = try LandingZoneDestination(landingZoneRoot: "/tmp", container: name)
        }
    }

    @Test func everySecondCommitFailsTransientlyAndLeavesNothing() async throws {
        let folder = TemporaryFolder()
        let faulty = FaultInjectingDestination(try LocalFolderDestination(root: folder.path), failEvery: 2)
        var outcomes: [Bool] = []
        for index in 0..<4 {
            let writer = try await faulty.openWriter(path: "f\(index).txt")
            try await writer.write([1])
            do {
                _ = try await writer.commit()
                outcomes.append(true)
            } catch {
                #expect(error.code == .transient && error.isRetryable)
                outcomes.append(false)
            }
        }
        #expect(outcomes == [true, false, true, false])
        #expect(folder.allFiles() == ["f0.txt", "f2.txt"])
        #expect(faulty.commitAttempts == 4)
    }

    @Test func errorMessagesCarryCodeAndPath() {
        let error = DestinationError(.notFound, "no such object", path: "a/b")
        #expect(error.description == "destination notFound: no such object (path a/b)")
        #expect(!error.isRetryable)
    }
}
