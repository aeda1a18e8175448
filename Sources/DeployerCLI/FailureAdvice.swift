import AgentClient
import CPIProtocol
import Deployer
import DeployerSupport

/// What the operator can do after a failed run, chosen by the type of what failed (never by
/// its text).
enum FailureAdvice {
    /// What the operator can do next.
    static func text(for error: any Error, statePath: String) -> String {
        if let state = error.find(StateError.self), case .lockFailed(.held) = state {
            return "Nothing was changed. Another deployer run holds the state file's lock: wait for it to finish "
                + "and run the command again (a lock left by a process that died is taken over automatically)."
        }
        if let state = error.find(StateError.self) {
            switch state {
            case .corrupt, .unsupportedSchemaVersion, .unreadable:
                // The message above says what the file holds and what to do with it.
                return "Nothing was changed in the cloud or in the state file."
            default:
                let backup = StateBackup.inspect(statePath: statePath)
                return "Check the state file '\(statePath)'"
                    + (backup.map { $0.isValid ? " (its previous version is in '\($0.path)')." : "." } ?? ".")
            }
        }
        if error.find(ManifestError.self) != nil || (error as? ContextError)?.context == "Validating" {
            return "Nothing was created in the cloud. Fix the manifest, its variables or the files it names, "
                + "then run the command again."
        }
        if error.find(NoCurrentDeploymentError.self) != nil {
            return "Nothing was changed: there is no VM to stop or start."
        }
        if let timeout = timeoutAdvice(for: error) {
            return timeout + " The state file '\(statePath)' records every cloud resource created so far, so "
                + "the next run continues from there."
        }
        return "Fix the cause above and run the same command again: the state file '\(statePath)' records "
            + "every cloud resource created so far, so the next run continues from there."
    }

    /// Which flag raises the limit that expired: `--cpi-timeout` for a CPI call, `--agent-timeout`
    /// for the wait for a new VM's agent; nil for other errors.
    static func timeoutAdvice(for error: any Error) -> String? {
        if let cpi = error.find(CPIError.self), case .timedOut(let method, let seconds, _) = cpi {
            return "The CPI's '\(method)' call ran longer than \(Int(seconds.rounded())) s (--cpi-timeout): if the "
                + "IaaS is just slow, raise --cpi-timeout and run the same command again."
        }
        if let agent = error.find(AgentError.self), agent.endedWaitForReadiness {
            return "The VM's agent did not answer within --agent-timeout: check that the VM booted and can reach "
                + "its mbus address; if it is just slow, raise --agent-timeout and run the same command again."
        }
        return nil
    }
}
