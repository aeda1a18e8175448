import DeployerCLI
import Synchronization

/// Collects everything a renderer writes.
final class CollectingOutput: TextOutput {
    private let buffer = Mutex("")
    func write(_ text: String) { buffer.withLock { $0 += text } }
    var text: String { buffer.withLock { $0 } }
}
