import DeployerSupport
import DeployerTestSupport
import Foundation
import Testing

@testable import CPIProtocol

/// `ExternalCPICloud` passes each CPI request, once however often `ok_to_retry` repeats it,
/// through its `CallInterceptor` (the seam fault injection uses).
@Suite struct ExternalCPICloudInterceptionTests {
    @Test func eachRequestIsOneCallRetriesIncluded() async throws {
        let dir = try FakeCPIDirectory()
        let cpi = try dir.writeCPI(
            """
            case "$method" in
              info) info_v2 ;;
              create_disk) if [ "$n" -lt 3 ]; then fail Bosh::Clouds::NoDiskSpace 'try again' true; else ok '"disk-9"'; fi ;;
              has_vm) ok true ;;
            esac
            """)
        let interceptor = RecordingInterceptor()
        let cloud = ExternalCPICloud(configuration: dir.configuration(executable: cpi), interceptor: interceptor)
        #expect(try await cloud.createDisk(sizeMiB: 10, cloudProperties: [:], vmCID: "vm-1") == "disk-9")
        #expect(try await cloud.hasVM("vm-1"))
        #expect(interceptor.calls == ["cpi info", "cpi create_disk", "cpi has_vm"])
        #expect(dir.requests.filter { $0.method == "create_disk" }.count == 3)
    }

    @Test func aCallTheInterceptorRefusesNeverRunsTheCPI() async throws {
        let dir = try FakeCPIDirectory()
        let cpi = try dir.writeCPI(
            """
            case "$method" in
              info) info_v2 ;;
              delete_vm) ok null ;;
            esac
            """)
        let interceptor = RecordingInterceptor(refusing: "cpi delete_vm")
        let cloud = ExternalCPICloud(configuration: dir.configuration(executable: cpi), interceptor: interceptor)
        await #expect(throws: RecordingInterceptor.Refused(call: "cpi delete_vm")) {
            try await cloud.deleteVM("vm-1")
        }
        #expect(dir.requests.map(\.method) == ["info"])
    }
}
