import DeployerTestSupport
import Foundation
import Testing

@testable import CPIProtocol
@testable import DeployerSupport

/// ExternalCPICloud against real fake CPIs (bash scripts written at test time).
@Suite(.serialized) struct ExternalCPICloudTests {
    @Test func severalMethodsSucceedWithNegotiatedVersion() async throws {
        let dir = try FakeCPIDirectory()
        let cpi = try dir.writeCPI(
            """
            case "$method" in
              info) info_v2 ;;
              create_stemcell) ok '"sc-1"' ;;
              create_vm) ok '["vm-1",{"default":{"ip":"10.0.0.6"}}]' ;;
              has_vm) ok true ;;
              create_disk) ok '"disk-1"' ;;
              attach_disk) ok '{"path":"/dev/sdc"}' ;;
              set_vm_metadata|delete_vm|delete_disk|detach_disk|delete_stemcell) ok null ;;
              set_disk_metadata) fail Bosh::Clouds::NotImplemented 'set_disk_metadata is not implemented' ;;
            esac
            """)
        let cloud = ExternalCPICloud(configuration: dir.configuration(executable: cpi))

        let stemcell = try await cloud.createStemcell(
            imagePath: "/tmp/image", cloudProperties: ["name": "s", "disk": 10240])
        #expect(stemcell == "sc-1")
        let vm = try await cloud.createVM(
            CreateVMArguments(
                agentID: "agent-1", stemcellCID: stemcell, cloudProperties: ["cpu": 2],
                networks: ["default": ["ip": "10.0.0.6"]], diskCIDs: ["disk-0"],
                environment: ["bosh": ["password": "*"]]))
        #expect(vm == CreatedVM(cid: "vm-1", networks: ["default": ["ip": "10.0.0.6"]]))
        #expect(try await cloud.hasVM(vm.cid))
        try await cloud.setVMMetadata(vm.cid, metadata: ["deployment": "bosh"])
        let disk = try await cloud.createDisk(sizeMiB: 1024, cloudProperties: [:], vmCID: vm.cid)
        #expect(disk == "disk-1")
        #expect(try await cloud.attachDisk(vmCID: vm.cid, diskCID: disk) == ["path": "/dev/sdc"])
        do {
            try await cloud.setDiskMetadata(disk, metadata: ["deployment": "bosh"])
            Issue.record("expected NotImplemented")
        } catch let error as CPIError {
            #expect(error.is(.notImplemented))  // the caller tolerates it, as bosh-cli does
        }
        try await cloud.detachDisk(vmCID: vm.cid, diskCID: disk)
        try await cloud.deleteVM(vm.cid)
        try await cloud.deleteDisk(disk)
        try await cloud.deleteStemcell(stemcell)

        let requests = dir.requests
        #expect(
            requests.map(\.method) == [
                "info", "create_stemcell", "create_vm", "has_vm", "set_vm_metadata", "create_disk", "attach_disk",
                "set_disk_metadata", "detach_disk", "delete_vm", "delete_disk", "delete_stemcell",
            ])
        #expect(requests.first?.apiVersion == 1)
        #expect(requests.dropFirst().allSatisfy { $0.apiVersion == 2 })
        #expect(requests.allSatisfy { $0.context == .boshCLI(directorUUID: "uuid-1", stemcellAPIVersion: 3) })
        #expect(
            requests[2].arguments == [
                "agent-1", "sc-1", ["cpu": 2], ["default": ["ip": "10.0.0.6"]], ["disk-0"], ["bosh": ["password": "*"]],
            ])
        #expect(requests[5].arguments == [1024, [:], "vm-1"])
        #expect(
            dir.rawRequests[3]
                == #"{"method":"has_vm","arguments":["vm-1"],"context":{"director_uuid":"uuid-1","vm":{"stemcell":{"api_version":3}}},"api_version":2}"#
        )
        // bosh-cli's environment: inherited, plus the two directories; no arguments.
        #expect(dir.file("env") == "packages=\(dir.path)/packages\njobs=\(dir.path)/jobs\nargc=0\nhome=set\n")
    }

    @Test func infoBeforeEveryCallLikeBoshCLI() async throws {
        let dir = try FakeCPIDirectory()
        let cpi = try dir.writeCPI(#"case "$method" in info) info_v2 ;; *) ok true ;; esac"#)
        var configuration = dir.configuration(executable: cpi)
        configuration.infoBeforeEveryCall = true
        let cloud = ExternalCPICloud(configuration: configuration)
        _ = try await cloud.hasVM("vm-1")
        _ = try await cloud.hasVM("vm-1")
        #expect(dir.requests.map(\.method) == ["info", "has_vm", "info", "has_vm"])
    }

    @Test func cpiErrorIsReportedLikeBoshCLI() async throws {
        let dir = try FakeCPIDirectory()
        let cpi = try dir.writeCPI(
            """
            case "$method" in
              info) info_v2 ;;
              create_vm) fail Bosh::Clouds::CloudError 'Flavor m1.2xlarge not found' ;;
            esac
            """)
        let cloud = ExternalCPICloud(configuration: dir.configuration(executable: cpi))
        let error = await #expect(throws: CPIError.self) {
            _ = try await cloud.createVM(CreateVMArguments(agentID: "a", stemcellCID: "sc"))
        }
        #expect(
            error?.description
                == #"CPI 'create_vm' method responded with error: CmdError{"type":"Bosh::Clouds::CloudError","message":"Flavor m1.2xlarge not found","ok_to_retry":false}"#
        )
        #expect(error?.is(.cloudError) == true)
        #expect(dir.requests.filter { $0.method == "create_vm" }.count == 1)  // not retryable: one attempt
    }

    @Test func okToRetryIsRetriedThenSucceeds() async throws {
        let dir = try FakeCPIDirectory()
        let cpi = try dir.writeCPI(
            """
            case "$method" in
              info) info_v2 ;;
              create_disk) if [ "$n" -lt 3 ]; then fail Bosh::Clouds::NoDiskSpace 'try again' true; else ok '"disk-9"'; fi ;;
            esac
            """)
        let logs = LogRecorder()
        let cloud = ExternalCPICloud(configuration: dir.configuration(executable: cpi), logger: logs.logger)
        let disk = try await cloud.createDisk(sizeMiB: 10, cloudProperties: [:], vmCID: "vm-1")
        #expect(disk == "disk-9")
        #expect(dir.requests.filter { $0.method == "create_disk" }.count == 3)
        #expect(logs.all.filter { $0.contains("ok_to_retry") }.count == 2)
    }

    @Test func okToRetryGivesUpAfterTheConfiguredRetries() async throws {
        let dir = try FakeCPIDirectory()
        let cpi = try dir.writeCPI(
            """
            case "$method" in
              info) info_v2 ;;
              create_vm) fail Bosh::Clouds::VMCreationFailed 'capacity' true ;;
            esac
            """)
        let retry = CPIRetryPolicy(maxRetries: 1, initialDelay: .milliseconds(10))
        let cloud = ExternalCPICloud(configuration: dir.configuration(executable: cpi, retry: retry))
        let error = await #expect(throws: CPIError.self) {
            _ = try await cloud.createVM(CreateVMArguments(agentID: "a", stemcellCID: "sc"))
        }
        #expect(error?.is(.vmCreationFailed) == true)
        #expect(error?.okToRetry == true)
        #expect(dir.requests.filter { $0.method == "create_vm" }.count == 2)
    }

    @Test func crashIsReportedWithStderrTail() async throws {
        let dir = try FakeCPIDirectory()
        let cpi = try dir.writeCPI(
            """
            case "$method" in
              info) info_v2 ;;
              *) echo 'connecting with password: hunter2' >&2; echo 'boom: IaaS unreachable' >&2; exit 1 ;;
            esac
            """)
        let cloud = ExternalCPICloud(configuration: dir.configuration(executable: cpi))
        let error = await #expect(throws: CPIError.self) { try await cloud.deleteVM("vm-1") }
        guard case .crashed(let method, let executable, let status, let tail) = error else {
            Issue.record("unexpected \(String(describing: error))")
            return
        }
        #expect(method == "delete_vm")
        #expect(executable == cpi)
        #expect(status == .exited(1))
        #expect(tail == "connecting with password: <redacted>\nboom: IaaS unreachable")
        let text = error?.description ?? ""
        #expect(
            text.hasPrefix(
                "CPI 'delete_vm' method failed: executing external CPI command '\(cpi)' ended with exit status 1"))
        #expect(text.contains("boom: IaaS unreachable"))
        #expect(!text.contains("hunter2"))
    }

    @Test func garbageStdoutIsABadResponseWithAShortRedactedExcerpt() async throws {
        let dir = try FakeCPIDirectory()
        let cpi = try dir.writeCPI(
            """
            case "$method" in
              info) info_v2 ;;
              has_vm) echo "Starting... password=hunter2"; for i in $(seq 1 200); do echo "debug line $i"; done
                echo "cpi: cannot reach the IaaS" >&2 ;;
              delete_vm) echo '[1,2]' ;;
              *) printf '' ;;
            esac
            """)
        let cloud = ExternalCPICloud(configuration: dir.configuration(executable: cpi))
        let error = await #expect(throws: CPIError.self) { _ = try await cloud.hasVM("vm-1") }
        guard case .badResponse(let method, _, let reason, let excerpt, _) = error else {
            Issue.record("unexpected \(String(describing: error))")
            return
        }
        #expect(method == "has_vm")
        #expect(reason == "stdout is not one JSON value")
        #expect(excerpt.count <= 201)
        #expect(excerpt.hasPrefix("Starting... password=<redacted>"))
        #expect(!(error?.description.contains("hunter2") ?? true))
        #expect(!(error?.description.contains("debug line 200") ?? true))
        // The stderr is in the message itself: no debug log may have been written.
        #expect(error?.description.hasSuffix("Last lines of its stderr:\ncpi: cannot reach the IaaS") == true)
        #expect(!(error?.description.contains("debug log") ?? true))

        let notObject = await #expect(throws: CPIError.self) { try await cloud.deleteVM("vm-1") }
        #expect(notObject?.description.contains("stdout is JSON but not an object") == true)
        #expect(notObject?.description.hasSuffix("It wrote nothing to stderr.") == true)
        let empty = await #expect(throws: CPIError.self) { try await cloud.deleteDisk("d") }
        #expect(empty?.description.contains("stdout is empty") == true)
    }

    @Test func wrongResultShapeIsUnexpectedResult() async throws {
        let dir = try FakeCPIDirectory()
        let cpi = try dir.writeCPI(
            #"case "$method" in info) info_v2 ;; has_vm) ok '"yes"' ;; create_vm) ok '"vm-1"' ;; esac"#)
        let cloud = ExternalCPICloud(configuration: dir.configuration(executable: cpi))
        let error = await #expect(throws: CPIError.self) { _ = try await cloud.hasVM("vm-1") }
        #expect(
            error?.description
                == #"CPI 'has_vm' method: Unexpected external CPI command result: '"yes"' (expected a boolean)"#)
        // A v2 CPI must answer create_vm with [cid, networks].
        let v1Shape = await #expect(throws: CPIError.self) {
            _ = try await cloud.createVM(CreateVMArguments(agentID: "a", stemcellCID: "sc"))
        }
        #expect(v1Shape?.method == "create_vm")
    }

    @Test func hangPastTimeoutStopsTheWholeProcessGroup() async throws {
        let dir = try FakeCPIDirectory()
        let cpi = try dir.writeCPI(
            """
            case "$method" in
              info) info_v2 ;;
              create_vm)
                echo $$ > "$dir/pid"
                sleep 300 &
                echo $! > "$dir/grandchild"
                echo 'waiting for the IaaS' >&2
                wait ;;
            esac
            """)
        var configuration = dir.configuration(executable: cpi)
        configuration.methodTimeouts = [.createVM: .seconds(1)]
        let cloud = ExternalCPICloud(configuration: configuration)
        let start = ContinuousClock.now
        let error = await #expect(throws: CPIError.self) {
            _ = try await cloud.createVM(CreateVMArguments(agentID: "a", stemcellCID: "sc"))
        }
        #expect(ContinuousClock.now - start < .seconds(10))
        #expect(error == .timedOut(method: "create_vm", seconds: 1, stderrTail: "waiting for the IaaS"))
        #expect(error?.description.hasPrefix("CPI 'create_vm' method timed out after 1s") == true)
        for name in ["pid", "grandchild"] {
            let pid = try #require(dir.pid(name))
            #expect(await eventually { !processIsAlive(pid) }, "\(name) \(pid) is still running")
        }
    }

    @Test func v1CPIIsCalledWithV1ContractAndRefusedByTheCreateEnvGate() async throws {
        let dir = try FakeCPIDirectory()
        let cpi = try dir.writeCPI(
            """
            case "$method" in
              info) fail InvalidCall "Method is not known, got 'info'" ;;
              create_vm) ok '"vm-1"' ;;
              attach_disk) ok '"/dev/sdc"' ;;
            esac
            """)
        let cloud = ExternalCPICloud(configuration: dir.configuration(executable: cpi))
        #expect(try await cloud.info() == CPIInfo(apiVersion: 1, stemcellFormats: []))
        #expect(try await cloud.negotiatedAPIVersion() == 1)
        #expect(try await cloud.createVM(CreateVMArguments(agentID: "a", stemcellCID: "sc")).cid == "vm-1")
        #expect(try await cloud.attachDisk(vmCID: "vm-1", diskCID: "d") == nil)
        #expect(dir.requests.filter { $0.method != "info" }.allSatisfy { $0.apiVersion == 1 })

        let error = await #expect(throws: CPIError.self) { try await cloud.requireRegistrylessContract() }
        #expect(error?.description == "The `bosh` cli requires CPI v2.0 or greater, you are using 1")
    }

    @Test func newerCPIIsCappedAtV2AndOldStemcellIsRefused() async throws {
        let dir = try FakeCPIDirectory()
        let cpi = try dir.writeCPI(
            #"case "$method" in info) ok '{"api_version":3,"stemcell_formats":["a"]}' ;; *) ok true ;; esac"#)
        let cloud = ExternalCPICloud(configuration: dir.configuration(executable: cpi, stemcellAPIVersion: 3))
        try await cloud.requireRegistrylessContract()
        _ = try await cloud.hasVM("vm-1")
        #expect(dir.requests.last?.apiVersion == 2)

        let oldStemcell = ExternalCPICloud(configuration: dir.configuration(executable: cpi, stemcellAPIVersion: nil))
        let error = await #expect(throws: CPIError.self) { try await oldStemcell.requireRegistrylessContract() }
        #expect(error == .unsupportedAPIVersion(cpiAPIVersion: 2, stemcellAPIVersion: 1))
        #expect(dir.rawRequests.last?.contains(#""vm":{"stemcell":{}}"#) == true)
    }

    @Test func infoWithoutStemcellFormatsFailsLikeBoshCLI() async throws {
        let dir = try FakeCPIDirectory()
        let cpi = try dir.writeCPI(#"ok '{"api_version":2}'"#)
        let cloud = ExternalCPICloud(configuration: dir.configuration(executable: cpi))
        let error = await #expect(throws: CPIError.self) { _ = try await cloud.hasVM("vm-1") }
        #expect(error?.description.hasPrefix("Unmarshalling 'info' method response failed") == true)
    }

    @Test func invalidMethodAnswerMapsToNotImplemented() async throws {
        let dir = try FakeCPIDirectory()
        let cpi = try dir.writeCPI(
            """
            case "$method" in
              info) info_v2 ;;
              *) fail Bosh::Clouds::CloudError "Invalid Method: $method" ;;
            esac
            """)
        let cloud = ExternalCPICloud(configuration: dir.configuration(executable: cpi))
        let error = await #expect(throws: CPIError.self) { try await cloud.setVMMetadata("vm-1", metadata: [:]) }
        #expect(error?.is(.notImplemented) == true)
        #expect(
            error?.description.contains(
                "CPI error 'Bosh::Clouds::CloudError' with message 'Invalid Method: set_vm_metadata' in 'set_vm_metadata' CPI method"
            ) == true)
    }

    @Test func cpiLogAndRequestGoToTheDebugLogRedacted() async throws {
        let dir = try FakeCPIDirectory()
        let cpi = try dir.writeCPI(
            """
            case "$method" in
              info) info_v2 ;;
              create_vm) printf '{"result":["vm-1",{}],"error":null,"log":"creating VM\\\\nmbus_password: s3cret\\\\n"}' ;;
            esac
            """)
        let logs = LogRecorder()
        let cloud = ExternalCPICloud(configuration: dir.configuration(executable: cpi), logger: logs.logger)
        _ = try await cloud.createVM(
            CreateVMArguments(
                agentID: "a", stemcellCID: "sc", environment: ["bosh": ["password": "hashed-pw"]]))
        let text = logs.text
        #expect(text.contains("CPI 'create_vm' log:\ncreating VM\nmbus_password: <redacted>"))
        #expect(text.contains("CPI 'create_vm' api_version 2: exit status 0"))
        #expect(text.contains(#""password":"<redacted>""#))
        #expect(!text.contains("s3cret"))
        #expect(!text.contains("hashed-pw"))
        #expect(logs.all.allSatisfy { $0.hasPrefix("debug") })
    }

    @Test func missingExecutableIsALaunchFailure() async throws {
        let dir = try FakeCPIDirectory()
        let cloud = ExternalCPICloud(configuration: dir.configuration(executable: dir.path + "/bin/missing-cpi"))
        let error = await #expect(throws: CPIError.self) { _ = try await cloud.info() }
        guard case .launchFailed(let method, let executable, _) = error else {
            Issue.record("unexpected \(String(describing: error))")
            return
        }
        #expect(method == "info")
        #expect(executable == dir.path + "/bin/missing-cpi")
    }

    @Test func retryDelaysGrowAndAreCapped() {
        let policy = CPIRetryPolicy(maxRetries: 5, initialDelay: .seconds(2), multiplier: 2, maxDelay: .seconds(5))
        #expect((1...4).map { policy.delay(beforeRetry: $0) } == [.seconds(2), .seconds(4), .seconds(5), .seconds(5)])
        #expect(CPIRetryPolicy.never.maxRetries == 0)
    }
}
