import CPIProtocol
import DeployerSupport
import DeployerTestSupport
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite(.serialized) struct LocalCPIVMTests {
    @Test func createVMStartsADetachedAgentWithTheSettingsFile() async throws {
        let fixture = try LocalCPIFixture()
        defer { fixture.tearDown() }
        let stemcell = try await fixture.createStemcell()
        let created = try await fixture.createVM(stemcell: stemcell, ip: "127.0.0.11")
        let directory = fixture.vmDirectory(created.cid)
        // API v2 result: [cid, networks].
        #expect(created.networks?["default"]?["ip"] == "127.0.0.11")

        let record = try fixture.readJSON(directory + "/vm.json")
        let pid = Int32(try #require(record["agent"]?["pid"]?.intValue))
        #expect(LocalCPIFixture.isAlive(pid))
        // Its own session (session id field 5 = its pid) and not a child of the exited CPI.
        #expect(LocalCPIFixture.statField(pid, 3) == String(pid))
        #expect(record["agent_id"] == "agent-127.0.0.11")
        #expect(record["ip"] == "127.0.0.11")

        let settings = try fixture.readJSON(directory + "/settings.json")
        #expect(settings["agent_id"] == "agent-127.0.0.11")
        #expect(settings["mbus"] == "https://mbus:secret@127.0.0.11:6868")
        #expect(settings["vm"]?["name"] == .string(created.cid.rawValue))
        #expect(settings["networks"] == LocalCPIFixture.networks(ip: "127.0.0.11"))
        #expect(settings["env"]?["bosh"]?["mbus"]?["cert"]?["private_key"] == "KEY PEM")
        #expect(settings["blobstore"]?["provider"] == "local")
        #expect(settings["ntp"] == ["time1.example.com"])
        #expect(settings["disks"]?["persistent"] == .object([:]))
        #expect(settings["disks"]?["system"] == .string(directory))

        #expect(await LocalCPIFixture.eventually { FileManager.default.fileExists(atPath: directory + "/agent-args") })
        let arguments = try String(contentsOfFile: directory + "/agent-args", encoding: .utf8)
        #expect(arguments == "--settings\n\(directory)/settings.json\n--vm-dir\n\(directory)\n")
        let mode = try FileManager.default.attributesOfItem(atPath: directory + "/settings.json")[.posixPermissions]
        #expect(mode as? Int == 0o600)

        let vms = try fixture.inventory()["vms"]?.arrayValue ?? []
        #expect(vms.count == 1)
        #expect(vms.first?["alive"] == true)
        #expect(vms.first?["pid"] == .int(Int(pid)))
        #expect(vms.first?["complete"] == true)
    }

    @Test func hasVMMetadataRebootAndDeleteVM() async throws {
        let fixture = try LocalCPIFixture()
        defer { fixture.tearDown() }
        let stemcell = try await fixture.createStemcell()
        let cid = try await fixture.createVM(stemcell: stemcell).cid
        let directory = fixture.vmDirectory(cid)
        #expect(try await fixture.cloud.hasVM(cid))
        #expect(try await fixture.cloud.hasVM(VMCID("vm-unknown")) == false)

        try await fixture.cloud.setVMMetadata(cid, metadata: ["deployment": "demo", "name": "bosh/0"])
        let record = try fixture.readJSON(directory + "/vm.json")
        #expect(record["metadata"] == ["deployment": "demo", "name": "bosh/0"])
        let firstPID = Int32(try #require(record["agent"]?["pid"]?.intValue))

        try await fixture.cloud.send(RebootVMArguments(cid))
        let rebooted = try fixture.readJSON(directory + "/vm.json")
        let secondPID = Int32(try #require(rebooted["agent"]?["pid"]?.intValue))
        #expect(secondPID != firstPID)
        #expect(await eventually { !LocalCPIFixture.isAlive(firstPID) })
        #expect(LocalCPIFixture.isAlive(secondPID))
        #expect(rebooted["metadata"]?["deployment"] == "demo")
        #expect(
            await LocalCPIFixture.eventually {
                (try? String(contentsOfFile: directory + "/agent-starts", encoding: .utf8)) == "start\nstart\n"
            })

        try await fixture.cloud.deleteVM(cid)
        #expect(await eventually { !LocalCPIFixture.isAlive(secondPID) })
        #expect(!FileManager.default.fileExists(atPath: directory))
        #expect(fixture.agentPIDs().filter(LocalCPIFixture.isAlive).isEmpty)
        #expect(try await fixture.cloud.hasVM(cid) == false)
        #expect(try fixture.inventory()["vms"]?.arrayValue?.isEmpty == true)

        await #expect {
            try await fixture.cloud.deleteVM(cid)
        } throws: { cpiErrorType($0) == .vmNotFound }
    }

    @Test func deleteVMFindsAnAgentWhoseRecordIsMissing() async throws {
        let fixture = try LocalCPIFixture()
        defer { fixture.tearDown() }
        let stemcell = try await fixture.createStemcell()
        let cid = try await fixture.createVM(stemcell: stemcell).cid
        let directory = fixture.vmDirectory(cid)
        let pid = Int32(try #require(try fixture.readJSON(directory + "/vm.json")["agent"]?["pid"]?.intValue))
        // As if create_vm had crashed between starting the agent and writing the record.
        try FileManager.default.removeItem(atPath: directory + "/vm.json")
        let listed = try fixture.inventory()["vms"]?.arrayValue ?? []
        #expect(listed.first?["complete"] == false)
        #expect(listed.first?["pids"] == [.int(Int(pid))])
        #expect(try await fixture.cloud.hasVM(cid))

        try await fixture.cloud.deleteVM(cid)
        #expect(await eventually { !LocalCPIFixture.isAlive(pid) })
        #expect(!FileManager.default.fileExists(atPath: directory))
    }

    @Test func ipOutsideLoopbackIsRefusedAndLeavesNothing() async throws {
        let fixture = try LocalCPIFixture()
        defer { fixture.tearDown() }
        let stemcell = try await fixture.createStemcell()
        await #expect {
            _ = try await fixture.createVM(stemcell: stemcell, ip: "10.0.0.6")
        } throws: { error in
            cpiErrorType(error) == .cloudError && "\(error)".contains("10.0.0.6") && "\(error)".contains("127.0.0.0/8")
        }
        #expect(try fixture.inventory()["vms"]?.arrayValue?.isEmpty == true)
        #expect(fixture.agentPIDs().isEmpty)
    }

    @Test func anIPAlreadyInUseIsRefused() async throws {
        let fixture = try LocalCPIFixture()
        defer { fixture.tearDown() }
        let stemcell = try await fixture.createStemcell()
        _ = try await fixture.createVM(stemcell: stemcell, ip: "127.0.0.12")
        await #expect {
            _ = try await fixture.createVM(stemcell: stemcell, ip: "127.0.0.12")
        } throws: { error in
            cpiErrorType(error) == .cloudError && "\(error)".contains("already used")
        }
        #expect(try fixture.inventory()["vms"]?.arrayValue?.count == 1)
    }

    @Test func unknownStemcellIsACloudError() async throws {
        let fixture = try LocalCPIFixture()
        defer { fixture.tearDown() }
        await #expect {
            _ = try await fixture.createVM(stemcell: StemcellCID("stemcell-missing"))
        } throws: { error in
            cpiErrorType(error) == .cloudError && "\(error)".contains("stemcell-missing")
        }
    }

    @Test func unknownVMsAreVMNotFound() async throws {
        let fixture = try LocalCPIFixture()
        defer { fixture.tearDown() }
        for cid in ["vm-unknown", "../escape", ""] {
            await #expect {
                try await fixture.cloud.deleteVM(VMCID(cid))
            } throws: { cpiErrorType($0) == .vmNotFound }
        }
        await #expect {
            try await fixture.cloud.send(RebootVMArguments("vm-unknown"))
        } throws: { cpiErrorType($0) == .vmNotFound }
        await #expect {
            try await fixture.cloud.setVMMetadata(VMCID("vm-unknown"), metadata: ["a": "b"])
        } throws: { cpiErrorType($0) == .vmNotFound }
    }

    @Test func missingAndIllTypedArgumentsAreNamed() async throws {
        let fixture = try LocalCPIFixture()
        defer { fixture.tearDown() }
        let cases: [(CPIMethod, [JSONValue], String)] = [
            (.createVM, [], "agent_id"),
            (.createVM, ["agent", 7], "stemcell_cid"),
            (.deleteVM, [], "vm_cid"),
            (.hasVM, [42], "vm_cid"),
            (.createStemcell, [], "image_path"),
            (.createDisk, ["big", [:], "vm-1"], "size"),
            (.attachDisk, ["vm-1"], "disk_cid"),
            (.setVMMetadata, ["vm-1", "not-an-object"], "metadata"),
            (.getDisks, [], "vm_cid"),
        ]
        for (method, arguments, name) in cases {
            await #expect {
                _ = try await fixture.cloud.invoke(method, arguments)
            } throws: { error in
                cpiErrorType(error) == .invalidCall && "\(error)".contains("'\(name)'")
            }
        }
    }

    @Test func everyMethodIsImplemented() async throws {
        let fixture = try LocalCPIFixture()
        defer { fixture.tearDown() }
        for method in CPIMethod.allCases {
            // Well-formed arguments naming nothing that exists: an answer, or a typed failure.
            let arguments: [JSONValue] =
                switch method {
                case .info: []
                case .createStemcell: ["/nonexistent/image", [:]]
                case .deleteStemcell: ["sc-unknown"]
                case .createVM: ["agent", "sc-unknown", [:], [:], [], [:]]
                case .deleteVM, .hasVM, .rebootVM, .getDisks: ["vm-unknown"]
                case .setVMMetadata: ["vm-unknown", [:]]
                case .createDisk: [1, [:], "vm-unknown"]
                case .deleteDisk, .hasDisk: ["disk-unknown"]
                case .attachDisk, .detachDisk: ["vm-unknown", "disk-unknown"]
                case .setDiskMetadata: ["disk-unknown", [:]]
                }
            do {
                _ = try await fixture.cloud.invoke(method, arguments)
            } catch {
                #expect(cpiErrorType(error) != .notImplemented, "\(method.rawValue): \(error)")
            }
        }
    }

    @Test func listCommandReadsTheConfigToo() async throws {
        let fixture = try LocalCPIFixture()
        defer { fixture.tearDown() }
        _ = try await fixture.createStemcell()
        let output = try LocalCPIFixture.run(
            LocalCPIFixture.binary, ["inventory", "--config", fixture.jobsDirectory + "/local_cpi/config/cpi.json"])
        let inventory = try JSONValue(parsing: Data(output.utf8))
        #expect(inventory["root"] == .string(fixture.root))
        #expect(inventory["stemcells"]?.arrayValue?.count == 1)
        #expect(inventory["orphan_processes"] == [])
    }
}
