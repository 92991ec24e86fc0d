/// A segment definition compiled for one report: leaf comparisons on event fields became boolean columns of the
/// load query (`flag`), metric comparisons read per-event metric values (`metric`); what remains is the container
/// structure `SegmentKernel` evaluates over the person- and time-sorted events.
indirect enum SegmentRule: Sendable, Equatable {
    case container(SegmentContainer.Context, SegmentRule)
    case and([SegmentRule])
    case or([SegmentRule])
    case not(SegmentRule)
    case without(SegmentRule)
    /// Boolean column `index` of the kernel's `flags` (negated: its complement).
    case flag(Int, negated: Bool)
    /// Boolean column `index` of the kernel's `persisted`: a comparison on a dimension's persisted value.
    case persisted(Int, negated: Bool)
    /// Metric value column `index` of the kernel's `metrics`, totalled over the unit and tested.
    case metric(Int, MetricTest)
    case sequence([Step])

    /// A test of a unit's metric total: a comparison, or whether the metric occurs (a non-zero value) at all.
    enum MetricTest: Sendable, Equatable {
        case compare(SegmentPredicate.NumberOperator, Double)
        case exists(negated: Bool)

        func holds(total: Double, occurs: Bool) -> Bool {
            switch self {
            case let .exists(negated): return occurs != negated
            case let .compare(comparison, number):
                switch comparison {
                case .eq: return total == number
                case .ne: return total != number
                case .gt: return total > number
                case .lt: return total < number
                case .ge: return total >= number
                case .le: return total <= number
                }
            }
        }
    }

    /// A checkpoint (an event-level rule) and the allowed gap to the previous checkpoint's event, in microseconds.
    struct Step: Sendable, Equatable {
        var rule: SegmentRule
        var maxGap: Int64 = Int64.max
        var minGap: Int64 = 0
    }
}
