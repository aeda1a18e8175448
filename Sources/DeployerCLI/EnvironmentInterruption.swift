import Dispatch
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// Turns SIGINT and SIGTERM into a call of `onInterrupt` (cancelling the running command)
/// instead of killing the process, so the running step can stop its child processes and
/// the state lock is released. Lives in one function's scope, so it is not `Sendable`.
final class InterruptionWatch {
    /// Set from the signal handler's queue, read by the command.
    private final class Flag: Sendable {
        let value = Atomic<Bool>(false)
    }

    private let sources: [any DispatchSourceSignal]
    private let flag = Flag()

    /// Starts watching.
    init(onInterrupt: @escaping @Sendable () -> Void) {
        var sources: [any DispatchSourceSignal] = []
        let flag = self.flag
        for number in [SIGINT, SIGTERM] {
            // The default action would kill the process before the handler runs.
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                flag.value.store(true, ordering: .sequentiallyConsistent)
                onInterrupt()
            }
            source.resume()
            sources.append(source)
        }
        self.sources = sources
    }

    /// Whether a signal arrived.
    var fired: Bool { flag.value.load(ordering: .sequentiallyConsistent) }

    /// Stops watching and restores the default signal actions.
    func stop() {
        for source in sources { source.cancel() }
        signal(SIGINT, SIG_DFL)
        signal(SIGTERM, SIG_DFL)
    }
}
