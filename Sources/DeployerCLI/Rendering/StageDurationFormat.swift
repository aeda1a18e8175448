import Deployer

/// Formats durations as bosh-cli does (`ui/time/durationfmt.go`): whole seconds, rounded
/// down, as `HH:MM:SS`; hours grow past two digits rather than wrapping.
public enum StageDurationFormat {
    /// `00:00:01` for 1.9 s, `01:02:03` for 3723 s; negative durations print as `00:00:00`.
    public static func string(_ duration: Duration) -> String {
        let total = max(0, duration.components.seconds)
        let hours = total / 3600
        let minutes = (total % 3600) / 60
        let seconds = total % 60
        return "\(twoDigits(hours)):\(twoDigits(minutes)):\(twoDigits(seconds))"
    }

    private static func twoDigits(_ value: Int64) -> String {
        value < 10 ? "0\(value)" : "\(value)"
    }
}
