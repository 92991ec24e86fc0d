import Synchronization

/// The bounded buffer between a gather's workers and its consumer: workers `send` chunks, the consumer
/// `receive`s them in arrival order. A worker whose chunk finds the buffer full waits until the consumer takes
/// one (back-pressure: memory stays bounded by `capacity` chunks). The first error a worker reports ends the
/// exchange: the consumer gets it, and waiting workers get `CancellationError`. `close()` (the consumer is
/// cancelled or gone) wakes everyone the same way.
final class Exchange: Sendable {
    private struct State {
        var buffer: [ChunkBox] = []
        var head = 0
        var producers: Int
        var failure: (any Error)?
        var consumer: CheckedContinuation<ChunkBox?, any Error>?
        var senders: [CheckedContinuation<Void, any Error>] = []

        var buffered: Int { buffer.count - head }

        mutating func pop() -> ChunkBox {
            let chunk = buffer[head]
            head += 1
            if head == buffer.count {
                buffer.removeAll(keepingCapacity: true)
                head = 0
            }
            return chunk
        }
    }

    let capacity: Int
    private let state: Mutex<State>

    init(producers: Int, capacity: Int) {
        self.capacity = max(1, capacity)
        state = Mutex(State(producers: producers))
    }

    /// Hands a chunk to the consumer, waiting while the buffer is full; throws once the exchange has ended.
    func send(_ chunk: Chunk) async throws {
        let box = ChunkBox(chunk)
        while true {
            let waiting: CheckedContinuation<ChunkBox?, any Error>?? = try state.withLock { state in
                if let failure = state.failure { throw failure is CancellationError ? failure : CancellationError() }
                if let consumer = state.consumer {
                    state.consumer = nil
                    return .some(consumer)
                }
                guard state.buffered < capacity else { return nil }
                state.buffer.append(box)
                return .some(nil)
            }
            switch waiting {
            case let .some(.some(consumer)):
                consumer.resume(returning: box)
                return
            case .some(.none):
                return
            case .none:
                try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                    let ready: Result<Void, any Error>? = state.withLock { state in
                        if state.failure != nil { return .failure(CancellationError()) }
                        if state.buffered < capacity || state.consumer != nil { return .success(()) }
                        state.senders.append(continuation)
                        return nil
                    }
                    if let ready { continuation.resume(with: ready) }
                }
            }
        }
    }

    /// A worker is done (its last chunk sent).
    func finish() {
        let consumer: CheckedContinuation<ChunkBox?, any Error>? = state.withLock { state in
            state.producers -= 1
            guard state.producers <= 0, state.buffered == 0, state.failure == nil else { return nil }
            defer { state.consumer = nil }
            return state.consumer
        }
        consumer?.resume(returning: nil)
    }

    /// Ends the exchange with `error` (the first one wins): the consumer gets it, waiting workers are woken.
    func fail(_ error: any Error) {
        let (consumer, senders) = state.withLock { state in
            if state.failure == nil { state.failure = error }
            defer {
                state.consumer = nil
                state.senders = []
            }
            return (state.consumer, state.senders)
        }
        consumer?.resume(throwing: error)
        for sender in senders { sender.resume(throwing: CancellationError()) }
    }

    /// The consumer stops (cancelled, or it needs no more rows).
    func close() { fail(CancellationError()) }

    /// The next chunk, nil when every worker has finished; throws a worker's error, or `CancellationError` when
    /// the consumer's task is cancelled (which also ends the exchange).
    func receive() async throws -> Chunk? {
        let box = try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<ChunkBox?, any Error>) in
                let (ready, sender): (Result<ChunkBox?, any Error>?, CheckedContinuation<Void, any Error>?) =
                    state.withLock { state in
                        if let failure = state.failure { return (.failure(failure), nil) }
                        if state.buffered > 0 {
                            let chunk = state.pop()
                            let sender = state.senders.isEmpty ? nil : state.senders.removeFirst()
                            return (.success(chunk), sender)
                        }
                        if state.producers <= 0 { return (.success(nil), nil) }
                        if Task.isCancelled { return (.failure(CancellationError()), nil) }
                        // A waiting sender may hand its chunk over directly.
                        let sender = state.senders.isEmpty ? nil : state.senders.removeFirst()
                        state.consumer = continuation
                        return (nil, sender)
                    }
                sender?.resume()
                if let ready { continuation.resume(with: ready) }
            }
        } onCancel: {
            close()
        }
        return box?.chunk
    }
}

/// A chunk moving from a worker to the consumer. Unchecked `Sendable`: a `Chunk` is not (its datum cache is a
/// class), but a chunk handed to the exchange is never touched by its worker again: ownership moves.
struct ChunkBox: @unchecked Sendable {
    let chunk: Chunk
    init(_ chunk: Chunk) { self.chunk = chunk }
}
