import AgentClient
import AgentProtocol
import CPIProtocol
import DeployerSupport
import Foundation
import ReleaseCompiler
import Testing

/// The whole local cloud without the deployer: the real CPI release installed, the stemcell
/// from the build script (carrying the real local-agent) uploaded, a VM created with the
/// example's network and mbus settings, a persistent disk attached, the notes job deployed
/// through the VM's agent; then the VM is recreated and the notes are still there.
@Suite(.serialized) struct LocalCloudTests {
    @Test func notesSurviveAVMRecreate() async throws {
        let scratch = try ScratchDirectory("local-cloud")
        defer { scratch.remove() }
        let root = scratch.at("cloud")
        let ip = ExampleFiles.randomLoopbackAddress()
        let password = "pw-" + UUID().uuidString.prefix(12).lowercased()
        let certificates = try TestCertificates.make(ip: ip)
        let cpi = try await CPIInvoker.installRealCPI(
            in: scratch, root: root, mbus: "https://mbus:\(password)@0.0.0.0:6868")
        var vmsToDelete: [String] = []
        do {
            _ = try await BuildScriptTests.runScript(in: scratch, agentBinary: ExampleFiles.builtBinary("local-agent"))
            let stemcell = try await StemcellReader().extract(
                tarball: scratch.at("out/bosh-local-stemcell.tgz"), into: scratch.at("stemcell"))
            let stemcellCID = try #require(
                try await cpi.call("create_stemcell", [stemcell.imagePath, [String: Any]()]) as? String)
            let release = try await ExampleReleases.read(try await ExampleReleases.buildNotes(in: scratch), in: scratch)
            let deployer = NotesJobDeployer(release: release, scratch: scratch)
            let port = Int.random(in: 20000...60000)
            guard let mbusURL = URL(string: "https://mbus:\(password)@\(ip):6868") else {
                throw ExampleTestError("bad URL")
            }
            let networks: [String: Any] = [
                "default": [
                    "type": "manual", "ip": ip, "netmask": "255.255.255.0", "gateway": "127.0.10.1",
                    "default": ["dns", "gateway"], "cloud_properties": [String: Any](),
                ]
            ]
            let environment: [String: Any] = [
                "bosh": [
                    "mbus": [
                        "cert": [
                            "ca": certificates.caPEM, "certificate": certificates.certificatePEM,
                            "private_key": certificates.privateKeyPEM,
                        ]
                    ]
                ]
            ]

            /// create_vm, wait for the agent, attach + mount the disk, deploy the job.
            func createVM(agentID: String, disk: String?, label: String) async throws -> (vm: String, disk: String) {
                let created = try await cpi.call(
                    "create_vm", [agentID, stemcellCID, [String: Any](), networks, [String](), environment])
                let vmCID = try #require(((created as? [Any])?.first ?? created) as? String)
                vmsToDelete.append(vmCID)
                let client = try MbusAgentClient(
                    url: mbusURL, caPEM: certificates.caPEM, replyTo: "example-tests",
                    timing: AgentTiming(taskPollInterval: .milliseconds(20), pingInterval: .milliseconds(50)))
                try await client.waitUntilReady(timeout: .seconds(20))
                var diskCID = disk
                if diskCID == nil {
                    diskCID = try #require(
                        try await cpi.call("create_disk", [1024, [String: Any](), vmCID]) as? String)
                }
                let cid = try #require(diskCID)
                let hint = try await cpi.call("attach_disk", [vmCID, cid])
                let hintPath = try #require((hint as? [String: Any])?["path"] as? String)
                try await client.addPersistentDisk(DiskCID(cid), hint: .object(["path": .string(hintPath)]))
                try await client.mountDisk(DiskCID(cid))
                let blobs = try BlobstoreClient(url: mbusURL, trust: .pinnedCA(pem: certificates.caPEM))
                try await deployer.deploy(
                    client: client, blobs: blobs, host: ip, port: port, greeting: "Hello, \(label)", label: label)
                #expect(try await NotesJobDeployer.waitForJobState("running", client: client).jobState == "running")
                try await HTTPProbe.waitUntilServing(host: ip, port: port)
                return (vmCID, cid)
            }

            let first = try await createVM(agentID: "agent-1", disk: nil, label: "first")
            #expect(try HTTPProbe.send("GET", host: ip, port: port, path: "/").body == "Hello, first\n")
            #expect(
                try HTTPProbe.send("POST", host: ip, port: port, path: "/notes", body: "kept across VMs").status == 201)
            #expect(TestFile.read(root + "/disks/\(first.disk)/data/notes/notes.txt") == "kept across VMs\n")

            // Recreate: delete the VM (its agent and job go with it), keep and re-attach the disk.
            try await cpi.call("delete_vm", [first.vm])
            vmsToDelete.removeAll { $0 == first.vm }
            #expect(!FileManager.default.fileExists(atPath: root + "/vms/" + first.vm))
            #expect(throws: (any Error).self) { try HTTPProbe.send("GET", host: ip, port: port, path: "/") }

            let second = try await createVM(agentID: "agent-2", disk: first.disk, label: "second")
            #expect(second.vm != first.vm)
            #expect(try HTTPProbe.send("GET", host: ip, port: port, path: "/").body == "Hello, second\n")
            #expect(try HTTPProbe.send("GET", host: ip, port: port, path: "/notes").body == "kept across VMs\n")

            try await cpi.call("delete_vm", [second.vm])
            vmsToDelete.removeAll { $0 == second.vm }
            try await cpi.call("delete_disk", [first.disk])
            try await cpi.call("delete_stemcell", [stemcellCID])
            let left =
                try FileManager.default.contentsOfDirectory(atPath: root + "/vms")
                + FileManager.default.contentsOfDirectory(atPath: root + "/disks")
                + FileManager.default.contentsOfDirectory(atPath: root + "/stemcells")
            #expect(left.isEmpty)
        } catch {
            // A failed test must not leave agents running: delete_vm stops them.
            for cid in vmsToDelete { _ = try? await cpi.call("delete_vm", [cid]) }
            throw error
        }
    }
}
