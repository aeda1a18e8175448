/// How a simple step ended when it may decide there is nothing to do.
///
/// A skip is a returned value, not a thrown error (bosh-cli uses a `SkipStageError`): the
/// step reports `Skipped [reason]` and the command carries on.
public enum StepOutcome<Value> {
    /// The step did its work and produced `Value`.
    case completed(Value)
    /// The step had nothing to do; `reason` is shown as `Skipped [reason]`.
    case skipped(reason: String)

    /// The value of a completed step, nil when skipped.
    public var value: Value? {
        if case .completed(let value) = self { return value }
        return nil
    }
}

extension StepOutcome: Sendable where Value: Sendable {}
extension StepOutcome: Equatable where Value: Equatable {}
