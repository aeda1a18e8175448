import Deployer
import DeployerSupport
import DeployerTestSupport
import Foundation
import Testing

@testable import DeployerCLI

/// The line after an error tells the operator what to do next, and it must fit the error.
@Suite struct FailureAdviceTests {
    @Test func aHeldLockSaysToWaitNotToRepairTheStateFile() {
        let holder = FileLockRecord(pid: 4242, host: "here", startedAt: "2026-11-26T00:00:00Z")
        let error = StateError.lockFailed(.held(lockPath: "/tmp/x-state.json.lock", holder: holder))
        let advice = FailureAdvice.text(for: error, statePath: "/tmp/x-state.json")
        #expect(advice.contains("Another deployer run holds the state file's lock"))
        #expect(!advice.contains(".bak"))
    }

    @Test func aLockSystemErrorStillPointsAtTheStateFile() {
        let error = StateError.lockFailed(.system(lockPath: "/tmp/x-state.json.lock", operation: "open", code: 13))
        let advice = FailureAdvice.text(for: error, statePath: "/tmp/x-state.json")
        #expect(advice.contains("Check the state file '/tmp/x-state.json'"))
    }

    @Test func aCorruptStateFileIsNotToldABackupExistsWhenNoneDoes() throws {
        let scratch = try TemporaryDirectory("advice")
        let path = scratch.path + "/s.json"
        let error = StateError.corrupt(
            path: path, problem: "invalid JSON", backup: StateBackup.inspect(statePath: path))
        let message = error.description + "\n" + FailureAdvice.text(for: error, statePath: path)
        #expect(message.contains("there is no '\(path).bak' to restore"), "\(message)")
        #expect(!message.contains("is kept as"), "\(message)")
        #expect(message.contains("Nothing was changed in the cloud or in the state file."))
    }

    @Test func otherStateErrorsMentionTheBackupOnlyWhenItExists() throws {
        let scratch = try TemporaryDirectory("advice")
        let path = scratch.path + "/s.json"
        let error = StateError.removeFailed(path: path, reason: "Permission denied")
        #expect(FailureAdvice.text(for: error, statePath: path) == "Check the state file '\(path)'.")
        try Data(#"{"current_vm_cid": "vm-1"}"#.utf8).write(to: URL(fileURLWithPath: path + ".bak"))
        #expect(
            FailureAdvice.text(for: error, statePath: path)
                == "Check the state file '\(path)' (its previous version is in '\(path).bak').")
    }
}
