import Foundation

/// How an attribution model splits one event's metric value over its touch points (the person's earlier events
/// with a dimension value within the lookback, up to and including the event, in time order).
///
/// Positional models are one rule: the first, middle and last shares (U-shaped 40/20/40, J-curve 20/20/60,
/// inverse J 60/20/20, custom as given, normalised): one touch gets everything, two split first and last in
/// proportion (J-curve 25/75, as CJA documents), three or more give the middle share evenly to the middle touches.
/// Every touch counts, so an item touched twice gets two shares (linear, positional, time decay).
enum AttributionKernel {
    /// Adds `value`'s credit per touch to `credit[item]`. `touches` are sorted event indices into `items`/`time`;
    /// `seen` is scratch space the size of `credit` for participation's distinct items, `mark` unique per call.
    static func distribute(
        _ value: Double, touches: ArraySlice<Int>, items: [Int32], time: [Int64], eventTime: Int64,
        model: Attribution.Model, credit: inout [Double], seen: inout [Int], mark: Int
    ) {
        guard let first = touches.first, let last = touches.last else { return }
        let count = touches.count
        switch model {
        case .lastTouch:
            credit[Int(items[last])] += value
        case .firstTouch:
            credit[Int(items[first])] += value
        case .sameTouch:
            credit[Int(items[last])] += value
        case .linear:
            let share = value / Double(count)
            for touch in touches { credit[Int(items[touch])] += share }
        case .participation:
            for touch in touches where seen[Int(items[touch])] != mark {
                seen[Int(items[touch])] = mark
                credit[Int(items[touch])] += value
            }
        case let .timeDecay(halfLifeSeconds):
            let halfLife = Double(max(halfLifeSeconds, 1)) * 1_000_000
            var total = 0.0
            for touch in touches { total += decay(eventTime - time[touch], halfLife: halfLife) }
            guard total > 0 else { return }
            for touch in touches {
                credit[Int(items[touch])] += value * decay(eventTime - time[touch], halfLife: halfLife) / total
            }
        case .uShaped:
            positional(value, touches: touches, items: items, shares: (40, 20, 40), credit: &credit)
        case .jCurve:
            positional(value, touches: touches, items: items, shares: (20, 20, 60), credit: &credit)
        case .inverseJ:
            positional(value, touches: touches, items: items, shares: (60, 20, 20), credit: &credit)
        case let .custom(firstShare, middleShare, lastShare):
            positional(
                value, touches: touches, items: items, shares: (firstShare, middleShare, lastShare), credit: &credit)
        }
    }

    private static func decay(_ age: Int64, halfLife: Double) -> Double {
        exp2(-Double(age) / halfLife)
    }

    private static func positional(
        _ value: Double, touches: ArraySlice<Int>, items: [Int32], shares: (Double, Double, Double),
        credit: inout [Double]
    ) {
        guard let first = touches.first, let last = touches.last else { return }
        let (firstShare, middleShare, lastShare) = (max(shares.0, 0), max(shares.1, 0), max(shares.2, 0))
        switch touches.count {
        case 1:
            credit[Int(items[first])] += value
        case 2:
            let ends = firstShare + lastShare
            let firstPart = ends > 0 ? firstShare / ends : 0.5
            credit[Int(items[first])] += value * firstPart
            credit[Int(items[last])] += value * (1 - firstPart)
        default:
            let total = firstShare + middleShare + lastShare
            guard total > 0 else { return }
            credit[Int(items[first])] += value * firstShare / total
            credit[Int(items[last])] += value * lastShare / total
            let middle = touches.dropFirst().dropLast()
            let share = value * middleShare / total / Double(middle.count)
            for touch in middle { credit[Int(items[touch])] += share }
        }
    }
}
