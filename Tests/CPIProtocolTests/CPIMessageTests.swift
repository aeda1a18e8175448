import DeployerSupport
import Foundation
import Testing

@testable import CPIProtocol

/// Every message, both ways: what the client writes is byte for byte pinned, the server reads
/// it back to the same value, and results survive the trip under API v1 and v2.
@Suite struct CPIMessageTests {
    static let context = CPIContext.boshCLI(directorUUID: "d", stemcellAPIVersion: 3)

    // The switch is exhaustive, so a new method cannot go without its round trip.
    @Test(arguments: CPIMethod.allCases) func messageRoundTrips(method: CPIMethod) throws {
        let metadata = ["name": "bosh/0", "index": "0"]
        let pinnedMetadata = #"{"index":"0","name":"bosh/0"}"#
        switch method {
        case .info:
            try check(
                InfoArguments(), arguments: "[]", result: CPIInfo(apiVersion: 2, stemcellFormats: ["local-tgz"]),
                resultJSON: #"{"api_version":2,"stemcell_formats":["local-tgz"]}"#)
        case .createStemcell:
            try check(
                CreateStemcellArguments(imagePath: "/tmp/image", cloudProperties: ["name": "s", "disk": 10240]),
                arguments: #"["/tmp/image",{"disk":10240,"name":"s"}]"#, result: "sc-1", resultJSON: #""sc-1""#)
        case .deleteStemcell:
            try check(DeleteStemcellArguments("sc-1"), arguments: #"["sc-1"]"#)
        case .createVM:
            let arguments = CreateVMArguments(
                agentID: "agent-1", stemcellCID: "sc-1", cloudProperties: ["cpu": 2],
                networks: ["default": ["ip": "10.0.0.6"]], diskCIDs: ["disk-0"],
                environment: ["bosh": ["password": "*"]])
            let created = CreatedVM(cid: "vm-1", networks: ["default": ["ip": "10.0.0.6"]])
            try check(
                arguments,
                arguments:
                    #"["agent-1","sc-1",{"cpu":2},{"default":{"ip":"10.0.0.6"}},["disk-0"],{"bosh":{"password":"*"}}]"#,
                result: created, resultJSON: #"["vm-1",{"default":{"ip":"10.0.0.6"}}]"#,
                v1: CreatedVM(cid: "vm-1"), v1ResultJSON: #""vm-1""#)
        case .deleteVM:
            try check(DeleteVMArguments("vm-1"), arguments: #"["vm-1"]"#)
        case .hasVM:
            try check(HasVMArguments("vm-1"), arguments: #"["vm-1"]"#, result: true, resultJSON: "true")
        case .rebootVM:
            try check(RebootVMArguments("vm-1"), arguments: #"["vm-1"]"#)
        case .setVMMetadata:
            try check(SetVMMetadataArguments("vm-1", metadata: metadata), arguments: #"["vm-1",\#(pinnedMetadata)]"#)
        case .createDisk:
            try check(
                CreateDiskArguments(sizeMiB: 1024, cloudProperties: ["type": "gp3"], vmCID: "vm-1"),
                arguments: #"[1024,{"type":"gp3"},"vm-1"]"#, result: "disk-1", resultJSON: #""disk-1""#)
        case .deleteDisk:
            try check(DeleteDiskArguments("disk-1"), arguments: #"["disk-1"]"#)
        case .hasDisk:
            try check(HasDiskArguments("disk-1"), arguments: #"["disk-1"]"#, result: false, resultJSON: "false")
        case .attachDisk:
            try check(
                AttachDiskArguments(vmCID: "vm-1", diskCID: "disk-1"), arguments: #"["vm-1","disk-1"]"#,
                result: ["path": "/dev/sdc"], resultJSON: #"{"path":"/dev/sdc"}"#, v1: .some(nil), v1ResultJSON: "null")
        case .detachDisk:
            try check(DetachDiskArguments(vmCID: "vm-1", diskCID: "disk-1"), arguments: #"["vm-1","disk-1"]"#)
        case .setDiskMetadata:
            try check(
                SetDiskMetadataArguments("disk-1", metadata: metadata), arguments: #"["disk-1",\#(pinnedMetadata)]"#)
        case .getDisks:
            try check(
                GetDisksArguments("vm-1"), arguments: #"["vm-1"]"#, result: ["disk-1", "disk-2"],
                resultJSON: #"["disk-1","disk-2"]"#)
        }
    }

    /// Checks one message and one result both ways; `v1`/`v1ResultJSON` are what an API v1
    /// exchange gives where it differs from v2.
    private func check<Message: CPIMessage>(
        _ message: Message, arguments: String, result: Message.Result, resultJSON: String,
        v1: Message.Result? = nil, v1ResultJSON: String? = nil, sourceLocation: SourceLocation = #_sourceLocation
    ) throws where Message.Result: Equatable {
        try checkRequest(message, arguments: arguments, sourceLocation: sourceLocation)
        for (version, expected, json) in [(2, result, resultJSON), (1, v1 ?? result, v1ResultJSON ?? resultJSON)] {
            let wire = Message.wireResult(result, apiVersion: version)
            #expect(wire.jsonText == json, "v\(version) result", sourceLocation: sourceLocation)
            let read = try Message.result(fromWire: try JSONValue(parsing: Data(json.utf8)), apiVersion: version)
            #expect(read == expected, "v\(version) result", sourceLocation: sourceLocation)
        }
    }

    /// A method whose result bosh-cli ignores: `null` both ways.
    private func check<Message: CPIMessage>(
        _ message: Message, arguments: String, sourceLocation: SourceLocation = #_sourceLocation
    ) throws where Message.Result == Void {
        try checkRequest(message, arguments: arguments, sourceLocation: sourceLocation)
        for version in [1, 2] {
            #expect(Message.wireResult((), apiVersion: version) == .null, sourceLocation: sourceLocation)
            try Message.result(fromWire: .null, apiVersion: version)
        }
    }

    /// The request bytes the client writes, and the server's reading of them.
    private func checkRequest<Message: CPIMessage>(
        _ message: Message, arguments: String, sourceLocation: SourceLocation
    ) throws {
        let method = Message.method
        #expect(ObjectIdentifier(method.messageType) == ObjectIdentifier(Message.self), sourceLocation: sourceLocation)
        let version = Message.fixedAPIVersion ?? 2
        let request = CPIRequest(
            method: method, arguments: message.wireArguments, context: Self.context, apiVersion: version)
        let bytes = String(decoding: request.encodedJSON(), as: UTF8.self)
        #expect(
            bytes
                == #"{"method":"\#(method.rawValue)","arguments":\#(arguments),"context":{"director_uuid":"d","vm":{"stemcell":{"api_version":3}}},"api_version":\#(version)}"#,
            sourceLocation: sourceLocation)
        let received = try JSONDecoder().decode(CPIRequest.self, from: Data(bytes.utf8))
        #expect(try Message(wireArguments: received.arguments) == message, sourceLocation: sourceLocation)
    }

    @Test func fixtureRequestsDecodeToMessagesThatEncodeThemAgain() throws {
        for name in CPIWireTests.requests {
            let request = try Fixture.request(name)
            let method = try #require(request.knownMethod)
            let message = try method.messageType.init(wireArguments: request.arguments)
            #expect(message.wireArguments == request.arguments, "\(name)")
        }
    }

    static let badArguments: [(CPIMethod, JSONValue, String)] = [
        (.createStemcell, [], "argument 1 ('image_path') must be a string"),
        (.deleteStemcell, [1], "argument 1 ('stemcell_cid') must be a string"),
        (.createVM, ["agent", 42], "argument 2 ('stemcell_cid') must be a string"),
        (.createVM, ["agent", "sc", [:], [:], "not-an-array"], "argument 5 ('disk_cids') must be an array of strings"),
        (.deleteVM, [], "argument 1 ('vm_cid') must be a string"),
        (.hasVM, [.null], "argument 1 ('vm_cid') must be a string"),
        (.rebootVM, [true], "argument 1 ('vm_cid') must be a string"),
        (.setVMMetadata, ["vm-1", "x"], "argument 2 ('metadata') must be an object"),
        (.createDisk, ["big", [:], "vm-1"], "argument 1 ('size') must be an integer"),
        (.createDisk, [1024, [:], 7], "argument 3 ('vm_cid') must be a string"),
        (.deleteDisk, [], "argument 1 ('disk_cid') must be a string"),
        (.hasDisk, [[:]], "argument 1 ('disk_cid') must be a string"),
        (.attachDisk, ["vm-1"], "argument 2 ('disk_cid') must be a string"),
        (.detachDisk, [1, "disk-1"], "argument 1 ('vm_cid') must be a string"),
        (.setDiskMetadata, ["disk-1", ["a": [1]]], "argument 2 ('metadata') must be an object of strings"),
        (.getDisks, [], "argument 1 ('vm_cid') must be a string"),
    ]

    @Test func badArgumentsAreInvalidCallsNamingTheArgument() throws {
        #expect(Set(Self.badArguments.map(\.0)) == Set(CPIMethod.allCases).subtracting([.info]))
        for (method, arguments, detail) in Self.badArguments {
            do {
                _ = try method.messageType.init(wireArguments: arguments.arrayValue ?? [])
                Issue.record("\(method.rawValue) accepted \(arguments.jsonText)")
            } catch {
                #expect(error.type == .invalidCall)
                #expect(error.message == "Arguments are not correct, details: '\(method.rawValue)' \(detail)")
            }
        }
        #expect(InfoArguments(wireArguments: ["ignored"]) == InfoArguments())
    }

    @Test func resultsOfTheWrongShapeAreReportedLikeBoshCLI() {
        let cases: [(CPIMethod, () throws(CPIError) -> Void, String)] = [
            (
                .createStemcell,
                { () throws(CPIError) in _ = try CreateStemcellArguments.result(fromWire: 1, apiVersion: 2) },
                "a stemcell CID string"
            ),
            (
                .createDisk,
                { () throws(CPIError) in _ = try CreateDiskArguments.result(fromWire: [:], apiVersion: 2) },
                "a disk CID string"
            ),
            (
                .hasVM, { () throws(CPIError) in _ = try HasVMArguments.result(fromWire: "yes", apiVersion: 2) },
                "a boolean"
            ),
            (
                .hasDisk, { () throws(CPIError) in _ = try HasDiskArguments.result(fromWire: .null, apiVersion: 2) },
                "a boolean"
            ),
            (
                .createVM, { () throws(CPIError) in _ = try CreateVMArguments.result(fromWire: "vm-1", apiVersion: 2) },
                "[vm_cid, networks]"
            ),
            (
                .createVM,
                { () throws(CPIError) in _ = try CreateVMArguments.result(fromWire: ["vm-1"], apiVersion: 1) },
                "a VM CID string"
            ),
            (
                .getDisks,
                { () throws(CPIError) in _ = try GetDisksArguments.result(fromWire: ["d", 1], apiVersion: 2) },
                "an array of disk CID strings"
            ),
            (
                .getDisks, { () throws(CPIError) in _ = try GetDisksArguments.result(fromWire: .null, apiVersion: 2) },
                "an array of disk CID strings"
            ),
        ]
        for (method, read, expected) in cases {
            do {
                try read()
                Issue.record("\(method.rawValue) accepted a wrong result")
            } catch {
                guard case .unexpectedResult(let reported, let reportedExpectation, _) = error else {
                    Issue.record("unexpected \(error)")
                    continue
                }
                #expect(reported == method.rawValue)
                #expect(reportedExpectation == expected)
                #expect(
                    error.description.hasPrefix(
                        "CPI '\(method.rawValue)' method: Unexpected external CPI command result"))
            }
        }
    }

    @Test func routesAnswerNotImplementedForMethodsWithoutOne() async throws {
        let routes = CPIRoutes<Int>().on(HasVMArguments.self) { receiver, message in
            message.cid.rawValue == "\(receiver)"
        }
        #expect(routes.handles(.hasVM))
        #expect(!routes.handles(.hasDisk))
        #expect(try await routes.route(HasVMArguments("7"), to: 7))
        await #expect(throws: CPIResponseError.notImplemented(.hasDisk)) {
            _ = try await routes.route(HasDiskArguments("disk-1"), to: 7)
        }
    }
}
