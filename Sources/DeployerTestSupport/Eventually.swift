/// Polls `condition` every 20 ms until it holds or `seconds` pass, and says whether it held.
///
/// Tests use it for effects that happen asynchronously by nature, such as a signalled process
/// disappearing, so that a correct program is not failed by a busy machine.
public func eventually(within seconds: Double = 10, _ condition: () -> Bool) async -> Bool {
    for _ in 0..<Int(seconds * 50) where !condition() {
        try? await Task.sleep(for: .milliseconds(20))
    }
    return condition()
}
