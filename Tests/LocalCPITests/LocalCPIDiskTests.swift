import CPIProtocol
import DeployerSupport
import Foundation
import Testing

@Suite(.serialized) struct LocalCPIDiskTests {
    @Test func diskLifecycleThroughAttachAndDetach() async throws {
        let fixture = try LocalCPIFixture()
        defer { fixture.tearDown() }
        let stemcell = try await fixture.createStemcell()
        let vm = try await fixture.createVM(stemcell: stemcell).cid
        let settingsPath = fixture.vmDirectory(vm) + "/settings.json"

        let disk = try await fixture.cloud.createDisk(sizeMiB: 1024, cloudProperties: ["type": "fast"], vmCID: vm)
        let diskDirectory = fixture.root + "/disks/" + disk.rawValue
        let record = try fixture.readJSON(diskDirectory + "/disk.json")
        #expect(record["size_mib"] == 1024)
        #expect(record["cloud_properties"] == ["type": "fast"])
        #expect(try await fixture.cloud.send(HasDiskArguments(disk)) == true)

        let hint = try await fixture.cloud.attachDisk(vmCID: vm, diskCID: disk)
        let path = try #require(hint?["path"]?.stringValue)
        #expect(path == diskDirectory + "/data")
        var isDirectory: ObjCBool = false
        #expect(FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue)
        // The agent finds the disk in its settings file when it mounts it.
        #expect(try fixture.readJSON(settingsPath)["disks"]?["persistent"]?[disk.rawValue] == hint)
        // Idempotent: bosh-cli re-attaches the current disk after every create_vm.
        #expect(try await fixture.cloud.attachDisk(vmCID: vm, diskCID: disk) == hint)
        #expect(try await fixture.cloud.send(GetDisksArguments(vm)) == [disk])

        try await fixture.cloud.setDiskMetadata(disk, metadata: ["deployment": "demo", "instance_index": "0"])
        #expect(try fixture.readJSON(diskDirectory + "/disk.json")["metadata"]?["instance_index"] == "0")
        let listed = try fixture.inventory()["disks"]?.arrayValue ?? []
        #expect(listed.first?["attached_to"] == .string(vm.rawValue))

        await #expect {
            try await fixture.cloud.deleteDisk(disk)
        } throws: { error in
            cpiErrorType(error) == .cloudError && "\(error)".contains("attached")
        }

        try await fixture.cloud.detachDisk(vmCID: vm, diskCID: disk)
        #expect(try fixture.readJSON(settingsPath)["disks"]?["persistent"] == .object([:]))
        #expect(try await fixture.cloud.send(GetDisksArguments(vm)) == [])
        try await fixture.cloud.detachDisk(vmCID: vm, diskCID: disk)

        try await fixture.cloud.deleteDisk(disk)
        #expect(!FileManager.default.fileExists(atPath: diskDirectory))
        #expect(try await fixture.cloud.send(HasDiskArguments(disk)) == false)
        await #expect {
            try await fixture.cloud.deleteDisk(disk)
        } throws: { cpiErrorType($0) == .diskNotFound }
    }

    @Test func deleteVMReleasesItsDisks() async throws {
        let fixture = try LocalCPIFixture()
        defer { fixture.tearDown() }
        let stemcell = try await fixture.createStemcell()
        let vm = try await fixture.createVM(stemcell: stemcell).cid
        let disk = try await fixture.cloud.createDisk(sizeMiB: 10, cloudProperties: [:], vmCID: vm)
        _ = try await fixture.cloud.attachDisk(vmCID: vm, diskCID: disk)
        try Data("kept".utf8).write(to: URL(fileURLWithPath: fixture.root + "/disks/\(disk.rawValue)/data/file"))
        // As the agent mounts it: `store` in the VM directory links to the disk.
        try FileManager.default.createSymbolicLink(
            atPath: fixture.vmDirectory(vm) + "/store",
            withDestinationPath: fixture.root + "/disks/\(disk.rawValue)/data")

        try await fixture.cloud.deleteVM(vm)
        let listed = try fixture.inventory()["disks"]?.arrayValue ?? []
        #expect(listed.first?["attached_to"] == .null)
        #expect(FileManager.default.fileExists(atPath: fixture.root + "/disks/\(disk.rawValue)/data/file"))

        // A new VM takes the disk over.
        let next = try await fixture.createVM(stemcell: stemcell, ip: "127.0.0.13").cid
        _ = try await fixture.cloud.attachDisk(vmCID: next, diskCID: disk)
        try await fixture.cloud.deleteVM(next)
        try await fixture.cloud.deleteDisk(disk)
        #expect(try fixture.inventory()["disks"]?.arrayValue?.isEmpty == true)
    }

    @Test func unknownDisksAndVMsAreNotFound() async throws {
        let fixture = try LocalCPIFixture()
        defer { fixture.tearDown() }
        let stemcell = try await fixture.createStemcell()
        let vm = try await fixture.createVM(stemcell: stemcell).cid
        let disk = try await fixture.cloud.createDisk(sizeMiB: 10, cloudProperties: [:], vmCID: vm)

        await #expect {
            _ = try await fixture.cloud.attachDisk(vmCID: VMCID("vm-unknown"), diskCID: disk)
        } throws: { cpiErrorType($0) == .vmNotFound }
        await #expect {
            _ = try await fixture.cloud.attachDisk(vmCID: vm, diskCID: DiskCID("disk-unknown"))
        } throws: { cpiErrorType($0) == .diskNotFound }
        await #expect {
            try await fixture.cloud.detachDisk(vmCID: vm, diskCID: DiskCID("disk-unknown"))
        } throws: { cpiErrorType($0) == .diskNotFound }
        await #expect {
            try await fixture.cloud.detachDisk(vmCID: VMCID("vm-unknown"), diskCID: disk)
        } throws: { cpiErrorType($0) == .vmNotFound }
        await #expect {
            try await fixture.cloud.setDiskMetadata(DiskCID("disk-unknown"), metadata: [:])
        } throws: { cpiErrorType($0) == .diskNotFound }
        await #expect {
            _ = try await fixture.cloud.send(GetDisksArguments("vm-unknown"))
        } throws: { cpiErrorType($0) == .vmNotFound }
        await #expect {
            _ = try await fixture.cloud.createDisk(sizeMiB: 0, cloudProperties: [:], vmCID: vm)
        } throws: { error in
            cpiErrorType(error) == .invalidCall && "\(error)".contains("size")
        }
    }

    @Test func concurrentCallsOnOneRootSerialize() async throws {
        let fixture = try LocalCPIFixture()
        defer { fixture.tearDown() }
        let cloud = fixture.cloud
        let disks = try await withThrowingTaskGroup(of: DiskCID.self) { group in
            for size in 1...4 {
                group.addTask { try await cloud.createDisk(sizeMiB: size, cloudProperties: [:], vmCID: "vm-hint") }
            }
            return try await group.reduce(into: [DiskCID]()) { $0.append($1) }
        }
        #expect(Set(disks).count == 4)
        let listed = try fixture.inventory()["disks"]?.arrayValue ?? []
        #expect(listed.count == 4)
        #expect(listed.allSatisfy { $0["complete"] == true })
    }

    @Test func anIncompleteDiskIsListedAndDeletable() async throws {
        let fixture = try LocalCPIFixture()
        defer { fixture.tearDown() }
        // What a crash between the directory and the record leaves behind.
        let cid = "disk-interrupted"
        try FileManager.default.createDirectory(
            atPath: fixture.root + "/disks/\(cid)/data", withIntermediateDirectories: true)
        let listed = try fixture.inventory()["disks"]?.arrayValue ?? []
        #expect(listed == [["cid": .string(cid), "complete": false]])
        #expect(try await fixture.cloud.send(HasDiskArguments(DiskCID(cid))) == true)
        try await fixture.cloud.deleteDisk(DiskCID(cid))
        #expect(try fixture.inventory()["disks"]?.arrayValue?.isEmpty == true)
    }
}
