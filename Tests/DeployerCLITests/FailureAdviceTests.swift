import Deployer
import DeployerSupport
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
}
