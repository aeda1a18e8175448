import DeployerSupport
import Foundation
import Synchronization
import Testing

@testable import CPIProtocol

/// An in-memory CPI handler: VMs and disks in dictionaries. It has no route for
/// `set_disk_metadata`, `has_disk`, `reboot_vm` and `get_disks`: those answer NotImplemented.
final class InMemoryHandler: CPIHandler {
    struct State {
        var vms: [VMCID: CreateVMArguments] = [:]
        var attachments: [DiskCID: VMCID] = [:]
        var metadata: [VMCID: [String: String]] = [:]
        var lastCall: CPICall?
    }

    let state = Mutex(State())
    let apiVersion: Int

    init(apiVersion: Int = 2) { self.apiVersion = apiVersion }

    static let routes = CPIRoutes<InMemoryHandler>()
        .on(InfoArguments.self) { handler, _ in
            CPICall.current?.log.write("info called")
            return CPIInfo(apiVersion: handler.apiVersion, stemcellFormats: ["local-tar"])
        }
        .on(CreateStemcellArguments.self) { _, message in
            if message.imagePath.isEmpty { throw LocalFailure(reason: "empty image path") }
            return StemcellCID("sc-" + (message.cloudProperties["name"]?.stringValue ?? "x"))
        }
        .on(DeleteStemcellArguments.self) { _, _ in }
        .on(CreateVMArguments.self) { handler, arguments in
            let cid = VMCID("vm-" + arguments.agentID)
            handler.state.withLock {
                $0.vms[cid] = arguments
                $0.lastCall = CPICall.current
            }
            CPICall.current?.log.write("created \(cid)")
            return CreatedVM(cid: cid, networks: arguments.networks)
        }
        .on(DeleteVMArguments.self) { handler, message in
            let removed = handler.state.withLock { $0.vms.removeValue(forKey: message.cid) }
            guard removed != nil else {
                throw CPIResponseError(type: .vmNotFound, message: "VM '\(message.cid)' not found")
            }
        }
        .on(HasVMArguments.self) { handler, message in handler.state.withLock { $0.vms[message.cid] != nil } }
        .on(CreateDiskArguments.self) { _, message in DiskCID("disk-\(message.sizeMiB)") }
        .on(DeleteDiskArguments.self) { _, _ in }
        .on(AttachDiskArguments.self) { handler, message in
            handler.state.withLock { $0.attachments[message.diskCID] = message.vmCID }
            return ["path": "/dev/sdc"]
        }
        .on(DetachDiskArguments.self) { handler, message in
            handler.state.withLock { _ = $0.attachments.removeValue(forKey: message.diskCID) }
        }
        .on(SetVMMetadataArguments.self) { handler, message in
            handler.state.withLock { $0.metadata[message.cid] = message.metadata }
        }
}

struct LocalFailure: Error, CustomStringConvertible {
    let reason: String
    var description: String { "local cloud failure: \(reason)" }
}

@Suite struct CPIServerTests {
    let handler = InMemoryHandler()
    var server: CPIServer<InMemoryHandler> { CPIServer(cloud: handler) }

    private func respond(_ request: CPIRequest) async throws -> CPIResponse {
        let data = await server.respond(to: request.encodedJSON())
        return try JSONDecoder().decode(CPIResponse.self, from: data)
    }

    @Test func infoAnswersWithVersionAndFormats() async throws {
        let data = await server.respond(to: try Fixture.data("request-info"))
        #expect(
            String(decoding: data, as: UTF8.self)
                == #"{"result":{"api_version":2,"stemcell_formats":["local-tar"]},"error":null,"log":"info called\n"}"#)
    }

    @Test func createVMFollowsTheRequestedContract() async throws {
        let v2 = try await respond(try Fixture.request("request-create_vm"))
        #expect(v2.error == nil)
        let networks = try Fixture.request("request-create_vm").arguments[3]
        #expect(v2.result == ["vm-4149ba0f-38d9-4485-476f-1581be36f290", networks])
        #expect(v2.log == "created vm-4149ba0f-38d9-4485-476f-1581be36f290\n")
        let call = try #require(handler.state.withLock { $0.lastCall })
        #expect(call.apiVersion == 2)
        #expect(call.context.stemcellAPIVersion == 3)

        var v1Request = try Fixture.request("request-create_vm")
        v1Request.apiVersion = nil
        let v1 = try await respond(v1Request)
        #expect(v1.result == "vm-4149ba0f-38d9-4485-476f-1581be36f290")
    }

    @Test func attachDiskHintOnlyForV2() async throws {
        let v2 = try await respond(try Fixture.request("request-attach_disk"))
        #expect(v2.result == ["path": "/dev/sdc"])
        var v1Request = try Fixture.request("request-attach_disk")
        v1Request.apiVersion = 1
        #expect(try await respond(v1Request).result == .null)
    }

    @Test func typedErrorsGoBackOnTheWire() async throws {
        let response = try await respond(try Fixture.request("request-delete_vm"))
        #expect(response.result == .null)
        #expect(response.error == CPIResponseError(type: .vmNotFound, message: "VM 'i-0a8d6e89b06c7ef25' not found"))
        #expect(response.log.contains("Rescued error: Bosh::Clouds::VMNotFound"))
    }

    @Test func otherSwiftErrorsBecomeCloudErrors() async throws {
        let request = CPIRequest(
            method: .createStemcell, arguments: ["", [:]], context: Fixture.context, apiVersion: 2)
        let response = try await respond(request)
        #expect(response.error == CPIResponseError(type: .cloudError, message: "local cloud failure: empty image path"))
    }

    @Test func optionalMethodsAnswerNotImplemented() async throws {
        let response = try await respond(try Fixture.request("request-set_disk_metadata"))
        #expect(response.error?.type == .notImplemented)
        #expect(response.error?.message == "set_disk_metadata is not implemented")
        let implemented = try await respond(try Fixture.request("request-set_vm_metadata"))
        #expect(implemented.error == nil)
        #expect(handler.state.withLock { $0.metadata["i-0a8d6e89b06c7ef25"]?["name"] } == "bosh/0")
    }

    @Test func unknownMethodIsAnInvalidCallThatCallersMapToNotImplemented() async throws {
        let response = try await respond(CPIRequest(method: "resize_vm", context: Fixture.context, apiVersion: 2))
        let error = try #require(response.error)
        #expect(error == CPIResponseError(type: .invalidCall, message: "Method is not known, got 'resize_vm'"))
        #expect(error.mappedForBoshCLI(method: "resize_vm").type == .notImplemented)
    }

    @Test func malformedRequestsAreAnsweredNotCrashedOn() async throws {
        for input in ["", "not json", #"{"arguments":[]}"#, #"{"method":7}"#] {
            let data = await server.respond(to: Data(input.utf8))
            let response = try JSONDecoder().decode(CPIResponse.self, from: data)
            #expect(response.error?.type == .invalidCall, "input \(input)")
            #expect(response.error?.message.hasPrefix("Request cannot be deserialized") == true)
        }
        let badArguments = try await respond(
            CPIRequest(method: .createDisk, arguments: ["big", [:], "vm-1"], context: Fixture.context, apiVersion: 2))
        #expect(badArguments.error?.type == .invalidCall)
        #expect(
            badArguments.error?.message
                == "Arguments are not correct, details: 'create_disk' argument 1 ('size') must be an integer")
    }

    @Test func runReadsStdinAndWritesExactlyOneResponse() async throws {
        let input = Pipe()
        let output = Pipe()
        try input.fileHandleForWriting.write(contentsOf: try Fixture.data("request-has_vm"))
        try input.fileHandleForWriting.close()
        let status = await server.run(input: input.fileHandleForReading, output: output.fileHandleForWriting)
        try output.fileHandleForWriting.close()
        let written = try #require(try output.fileHandleForReading.readToEnd())
        #expect(status == 0)
        #expect(String(decoding: written, as: UTF8.self) == #"{"result":false,"error":null,"log":""}"#)
    }

    @Test func infoNegotiationServesBothContractVersions() async throws {
        let v1Server = CPIServer(cloud: InMemoryHandler(apiVersion: 1))
        let data = await v1Server.respond(to: try Fixture.data("request-info"))
        let response = try JSONDecoder().decode(CPIResponse.self, from: data)
        let info = try CPIInfo(result: response.result)
        #expect(info.negotiatedAPIVersion == 1)
        #expect(throws: CPIError.self) { try info.requireRegistrylessContract(stemcellAPIVersion: 3) }
    }
}
