import Foundation
public import Testing

/// A task executor with threads of its own (not Swift's cooperative pool). Jobs run in arrival order on
/// whichever of its threads is free; the kernel time-slices those threads against the cooperative pool, so a
/// test that computes for seconds there delays nobody's next step by more than a time slice.
public final class DedicatedThreadsExecutor: TaskExecutor, @unchecked Sendable {
    /// The executor the `.onDedicatedThreads` trait runs tests on (four threads).
    public static let shared = DedicatedThreadsExecutor(threads: 4)

    private let condition = NSCondition()
    private var jobs: [UnownedJob] = []

    /// Starts `threads` threads that run this executor's jobs.
    public init(threads: Int) {
        for index in 0..<threads {
            let thread = Thread { [unowned self] in self.work() }
            thread.name = "outflow-test-dedicated-\(index)"
            thread.stackSize = 16 << 20
            thread.start()
        }
    }

    public func enqueue(_ job: UnownedJob) {
        condition.lock()
        jobs.append(job)
        condition.signal()
        condition.unlock()
    }

    private func work() {
        while true {
            condition.lock()
            while jobs.isEmpty { condition.wait() }
            let job = jobs.removeFirst()
            condition.unlock()
            job.runSynchronously(on: asUnownedTaskExecutor())
        }
    }
}

/// Runs each test case of a test or suite with a preference for `DedicatedThreadsExecutor.shared`: for tests whose
/// synchronous parts run long (key derivations and fuzzing in a debug build, generating millions of rows) and
/// would otherwise hold one of the cooperative pool's two threads for seconds at a time.
public struct DedicatedThreadsTrait: TestTrait, SuiteTrait, TestScoping {
    public var isRecursive: Bool { true }

    public func scopeProvider(for test: Test, testCase: Test.Case?) -> Self? {
        testCase == nil ? nil : self
    }

    public func provideScope(
        for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void
    ) async throws {
        try await withTaskExecutorPreference(DedicatedThreadsExecutor.shared) { try await function() }
    }
}

extension Trait where Self == DedicatedThreadsTrait {
    /// Runs the test's cases on `DedicatedThreadsExecutor.shared` instead of the cooperative pool.
    public static var onDedicatedThreads: Self { Self() }
}
