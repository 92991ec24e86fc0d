import Testing

@testable import Journey

/// Touches A, B, C, B (items 0, 1, 2, 1) credited with 100 by each model.
struct AttributionKernelTests {
    static let items: [Int32] = [0, 1, 2, 1]
    static let day: Int64 = 86_400_000_000

    func credit(_ model: Attribution.Model, touches: Range<Int> = 0..<4) -> [Double] {
        var credit = [Double](repeating: 0, count: 4)
        var seen = [Int](repeating: -1, count: 4)
        AttributionKernel.distribute(
            100, touches: Array(touches)[...], items: Self.items, time: [0, Self.day, 2 * Self.day, 3 * Self.day],
            eventTime: 3 * Self.day, model: model, credit: &credit, seen: &seen, mark: 0)
        return credit.map { ($0 * 1e9).rounded() / 1e9 }
    }

    @Test func lastFirstLinearAndParticipation() {
        #expect(credit(.lastTouch) == [0, 100, 0, 0])
        #expect(credit(.firstTouch) == [100, 0, 0, 0])
        #expect(credit(.linear) == [25, 50, 25, 0])
        #expect(credit(.participation) == [100, 100, 100, 0])
    }

    @Test func positionalModels() {
        #expect(credit(.uShaped) == [40, 50, 10, 0])
        #expect(credit(.jCurve) == [20, 70, 10, 0])
        #expect(credit(.inverseJ) == [60, 30, 10, 0])
        #expect(credit(.custom(first: 50, middle: 0, last: 50)) == [50, 50, 0, 0])
        #expect(credit(.jCurve, touches: 0..<2) == [25, 75, 0, 0])
        #expect(credit(.uShaped, touches: 2..<3) == [0, 0, 100, 0])
    }

    @Test func timeDecayHalvesPerHalfLife() {
        // Ages 3, 2, 1, 0 days with a one-day half-life: weights 1/8, 1/4, 1/2, 1 (sum 15/8).
        let result = credit(.timeDecay(halfLifeSeconds: 86_400))
        #expect(abs(result[0] - 100 / 15) < 1e-6)
        #expect(abs(result[1] - 100 * (2 + 8) / 15) < 1e-6)
        #expect(abs(result[2] - 100 * 4 / 15) < 1e-6)
    }
}
