/// Running sums of the statistical aggregates, as PostgreSQL keeps them: for double precision the
/// Youngs-Cramer sums of `float8_accum` / `float8_regr_accum` (N, Sx, Sxx, Sy, Syy, Sxy); for integers and numeric
/// the exact count, sum (`Accumulator.numericSum`) and sum of squares.
struct AggregateMoments: Hashable {
    var n = 0.0
    var sx = 0.0
    var sxx = 0.0
    var sy = 0.0
    var syy = 0.0
    var sxy = 0.0
    var squares = SQLNumeric(0)

    static func overflow() -> SQLError { SQLError(.numericValueOutOfRange, "value out of range: overflow") }

    /// `float8_accum`.
    mutating func add(_ x: Double) throws {
        let (previous, oldSx) = (n, sx)
        n += 1
        sx += x
        if previous > 0 {
            let t = x * n - sx
            sxx += t * t / (n * previous)
            if sx.isInfinite || sxx.isInfinite {
                if !oldSx.isInfinite, !x.isInfinite { throw AggregateMoments.overflow() }
                sxx = .nan
            }
        } else if !x.isFinite {
            sxx = .nan
        }
    }

    /// `float8_regr_accum` over (Y, X).
    mutating func add(y: Double, x: Double) throws {
        let previous = n
        let (oldSx, oldSy) = (sx, sy)
        n += 1
        sx += x
        sy += y
        if previous > 0 {
            let tx = x * n - sx
            let ty = y * n - sy
            let scale = 1.0 / (n * previous)
            sxx += tx * tx * scale
            syy += ty * ty * scale
            sxy += tx * ty * scale
            if sx.isInfinite || sxx.isInfinite {
                if !oldSx.isInfinite, !x.isInfinite { throw AggregateMoments.overflow() }
                sxx = .nan
            }
            if sy.isInfinite || syy.isInfinite {
                if !oldSy.isInfinite, !y.isInfinite { throw AggregateMoments.overflow() }
                syy = .nan
            }
            if sxy.isInfinite {
                if !oldSx.isInfinite, !x.isInfinite, !oldSy.isInfinite, !y.isInfinite {
                    throw AggregateMoments.overflow()
                }
                sxy = .nan
            }
        } else {
            if !x.isFinite { (sxx, sxy) = (.nan, .nan) }
            if !y.isFinite { (syy, sxy) = (.nan, .nan) }
        }
    }
}

/// `AggregateMoments` on the heap (an indirect case), so `Accumulator` holds a pointer, not 90 bytes.
indirect enum BoxedMoments: Hashable {
    case value(AggregateMoments)
}

extension Accumulator {
    var moments: AggregateMoments? {
        get {
            if case let .value(moments) = boxedMoments { return moments }
            return nil
        }
        set { boxedMoments = newValue.map { .value($0) } }
    }

    /// Adds one row of a statistical aggregate (NULLs skipped; both arguments must be non-NULL for two).
    mutating func addStatistic(_ aggregate: BoundAggregate, _ arguments: [Datum]) throws {
        var state = moments ?? AggregateMoments()
        if aggregate.function.isTwoArgumentStatistic {
            guard case let .float(y) = arguments[0], case let .float(x) = arguments[1] else { return }
            try state.add(y: y, x: x)
            count += 1
            moments = state
            return
        }
        switch arguments[0] {
        case let .float(x): try state.add(x)
        case let .int(i):
            let value = SQLNumeric(i)
            numericSum = try numericSum + value
            state.squares = try state.squares + value * value
        case let .numeric(value):
            numericSum = try numericSum + value
            state.squares = try state.squares + value * value
        default: return
        }
        count += 1
        moments = state
    }

    func statisticResult(_ aggregate: BoundAggregate) throws -> Datum {
        let state = moments ?? AggregateMoments()
        let function = aggregate.function
        if function == .regrCount { return .int(count) }
        if function.isTwoArgumentStatistic { return regression(function, state) }
        let sample = function == .stddevSamp || function == .varSamp
        let variance = function == .varSamp || function == .varPop
        if count == 0 || (sample && count == 1) { return .null }
        if !aggregate.type.isFloat {
            return .numeric(
                try Accumulator.numericVariance(
                    count: count, sum: numericSum, squares: state.squares, sample: sample, root: !variance))
        }
        let value = state.sxx / (sample ? state.n - 1 : state.n)
        return .float(variance ? value : value.squareRoot())
    }

    /// `float8_regr_*`, `float8_covar_*`, `float8_corr`.
    private func regression(_ function: BoundAggregate.Function, _ s: AggregateMoments) -> Datum {
        if s.n < 1 { return .null }
        switch function {
        case .regrSxx: return .float(s.sxx)
        case .regrSyy: return .float(s.syy)
        case .regrSxy: return .float(s.sxy)
        case .regrAvgx: return .float(s.sx / s.n)
        case .regrAvgy: return .float(s.sy / s.n)
        case .covarPop: return .float(s.sxy / s.n)
        case .covarSamp: return s.n < 2 ? .null : .float(s.sxy / (s.n - 1))
        case .corr:
            if s.sxx == 0 || s.syy == 0 { return .null }
            return .float(s.sxy / (s.sxx * s.syy).squareRoot())
        case .regrR2:
            if s.sxx == 0 { return .null }
            if s.syy == 0 { return .float(1) }
            return .float((s.sxy * s.sxy) / (s.sxx * s.syy))
        case .regrSlope:
            if s.sxx == 0 { return .null }
            return .float(s.sxy / s.sxx)
        case .regrIntercept:
            if s.sxx == 0 { return .null }
            return .float((s.sy - s.sx * s.sxy / s.sxx) / s.n)
        default: return .null
        }
    }

    /// PostgreSQL's `numeric_stddev_internal`: (N * sum(x^2) - sum(x)^2) / (N * (N - 1)) (or N * N), at
    /// `select_div_scale`'s scale, then its square root at the same scale.
    static func numericVariance(count: Int64, sum: SQLNumeric, squares: SQLNumeric, sample: Bool, root: Bool)
        throws -> SQLNumeric
    {
        let n = SQLNumeric(count)
        let numerator = try n * squares - sum * sum
        guard numerator.unscaled > 0 else { return SQLNumeric(0) }
        let denominator = try n * SQLNumeric(sample ? count - 1 : count)
        let variance = try numerator / denominator
        return root ? try squareRoot(variance) : variance
    }

    /// The square root of a non-negative numeric at its own scale, rounded half up (`sqrt_var`).
    static func squareRoot(_ value: SQLNumeric) throws -> SQLNumeric {
        // sqrt(u / 10^s) * 10^s = sqrt(u * 10^s)
        let (high, low) = UInt128(value.unscaled).multipliedFullWidth(by: UInt128(try SQLNumeric.pow10(value.scale)))
        // A start above the root (a double's estimate is within 1e-15 of it).
        let estimate = (Double(high) * 0x1p128 + Double(low)).squareRoot()
        guard estimate < 0x1p126 else { throw SQLNumeric.tooLarge() }
        var root = UInt128(estimate * (1 + 1e-9)) + 2
        // Newton's iteration from above: y = (x + N / x) / 2 decreases to floor(sqrt(N)).
        while true {
            guard high < root else { break }
            let quotient = root.dividingFullWidth((high, low)).quotient
            let next = (root + quotient) / 2
            if next >= root { break }
            root = next
        }
        // Round half up: sqrt(N) >= r + 1/2 exactly when N - r^2 > r.
        let square = root.multipliedFullWidth(by: root)
        let (restLow, borrow) = low.subtractingReportingOverflow(square.low)
        let restHigh = high &- square.high &- (borrow ? 1 : 0)
        if restHigh > 0 || restLow > root { root += 1 }
        guard root < UInt128(SQLNumeric.limit) else { throw SQLNumeric.tooLarge() }
        return SQLNumeric(unscaled: Int128(root), scale: value.scale)
    }
}

extension BoundAggregate.Function {
    var isStatistic: Bool {
        switch self {
        case .stddevSamp, .stddevPop, .varSamp, .varPop: true
        default: isTwoArgumentStatistic
        }
    }

    var isTwoArgumentStatistic: Bool {
        switch self {
        case .corr, .covarPop, .covarSamp, .regrCount, .regrSxx, .regrSyy, .regrSxy, .regrAvgx, .regrAvgy,
            .regrSlope, .regrIntercept, .regrR2:
            true
        default: false
        }
    }
}
