import Foundation

/// Runs synchronous work that would hold a thread for long (a child process's wait, a peer's start-up, a long
/// CPU-bound loop) on a thread of its own, and suspends the caller until it ends. Swift's cooperative pool has
/// one thread per core (two on the CI machine) and Swift Testing runs every test on it at once: a test that
/// blocks or computes for seconds on it delays every other test's next step, and the kernel can time-slice
/// a dedicated thread against the pool where it cannot preempt a job inside the pool.
public enum DedicatedThread {
    /// Runs `body` on a new thread and returns what it returned (or throws what it threw).
    public static func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
            start { continuation.resume(with: Result { try body() }) }
        }
    }

    /// Runs non-throwing `body` on a new thread and returns what it returned.
    public static func run<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { (continuation: CheckedContinuation<T, Never>) in
            start { continuation.resume(returning: body()) }
        }
    }

    private static func start(_ body: @escaping @Sendable () -> Void) {
        let thread = Thread(block: body)
        thread.stackSize = 16 << 20
        thread.start()
    }
}
