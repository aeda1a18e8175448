import DeployerSupport
import Foundation
import Testing

@testable import CPIProtocol

@Suite struct CPIWireTests {
    static let requests = [
        "request-info", "request-delete_disk", "request-create_stemcell", "request-create_vm", "request-delete_vm",
        "request-has_vm", "request-set_vm_metadata", "request-create_disk", "request-attach_disk",
        "request-detach_disk", "request-set_disk_metadata", "request-delete_stemcell",
    ]
    static let responses = [
        "response-info", "response-create_stemcell", "response-create_vm", "response-delete_vm-vm_not_found",
        "response-has_vm", "response-null", "response-create_disk", "response-attach_disk",
        "response-set_disk_metadata-not_implemented", "response-cloud_error", "response-v1-create_vm",
    ]

    @Test(arguments: requests) func requestRoundTrips(name: String) throws {
        let request = try Fixture.request(name)
        #expect(request.context == Fixture.context)
        #expect(request.knownMethod != nil)
        let reencoded = try JSONValue(parsing: request.encodedJSON())
        #expect(reencoded == (try Fixture.json(name)))
    }

    @Test(arguments: responses) func responseRoundTrips(name: String) throws {
        let response = try Fixture.response(name)
        let reencoded = try JSONValue(parsing: response.encodedJSON())
        #expect(reencoded == (try Fixture.json(name)))
    }

    @Test func requestBytesMatchBoshCLI() throws {
        // Same keys, same order, compact, no trailing newline: what bosh-cli writes to stdin.
        let request = CPIRequest(
            method: .deleteDisk, arguments: ["vol-1b7fb8fd"], context: Fixture.context, apiVersion: 2)
        #expect(
            String(decoding: request.encodedJSON(), as: UTF8.self)
                == String(decoding: try Fixture.data("request-delete_disk"), as: UTF8.self))
    }

    @Test func contextOmitsUnknownStemcellVersionLikeBoshCLI() throws {
        for version in [nil, 0] as [Int?] {
            let request = CPIRequest(
                method: .info, context: .boshCLI(directorUUID: "d", stemcellAPIVersion: version), apiVersion: 1)
            #expect(
                String(decoding: request.encodedJSON(), as: UTF8.self)
                    == #"{"method":"info","arguments":[],"context":{"director_uuid":"d","vm":{"stemcell":{}}},"api_version":1}"#
            )
        }
    }

    @Test func directorContextKeepsRequestIDAndExtraKeys() throws {
        let text =
            #"{"method":"has_vm","arguments":["i-1"],"context":{"director_uuid":"u","request_id":"cpi-123456","vm":{"stemcell":{"api_version":2}},"region":"eu-1"}}"#
        let request = try JSONDecoder().decode(CPIRequest.self, from: Data(text.utf8))
        #expect(request.apiVersion == nil)
        #expect(request.context.requestID == "cpi-123456")
        #expect(request.context.extra == ["region": "eu-1"])
        #expect(request.context.stemcellAPIVersion == 2)
        #expect(try JSONValue(parsing: request.encodedJSON()) == JSONValue(parsing: Data(text.utf8)))
    }

    @Test func createVMArgumentsAreTyped() throws {
        let request = try Fixture.request("request-create_vm")
        let arguments = try CreateVMArguments(wireArguments: request.arguments)
        #expect(arguments.agentID == "4149ba0f-38d9-4485-476f-1581be36f290")
        #expect(arguments.stemcellCID == "stemcell-3c2e0c6b-5f4a-4d0a-9c1f-8f5a2d7e1b90")
        #expect(arguments.cloudProperties == ["instance_type": "m1.small"])
        #expect(arguments.networks["default"]?["ip"] == "10.0.0.6")
        #expect(arguments.diskCIDs == ["vol-3475945"])
        #expect(arguments.environment["bosh"]?["tags"] == ["env": "prod"])
        #expect(arguments.wireArguments == request.arguments)
    }

    @Test func createVMArgumentsRejectABadShape() {
        #expect(throws: CPIResponseError.self) {
            _ = try CreateVMArguments(wireArguments: ["agent", 42])
        }
        do {
            _ = try CreateVMArguments(wireArguments: ["agent", "sc", [:], [:], "not-an-array"])
            Issue.record("expected an error")
        } catch {
            #expect(error.type == .invalidCall)
            #expect(error.message.contains("'disk_cids'"))
        }
    }

    @Test func createVMResultFollowsTheContractVersion() throws {
        let v2 = try Fixture.response("response-create_vm").result
        let created = try CreatedVM(result: v2, apiVersion: 2)
        #expect(created.cid == "i-0a8d6e89b06c7ef25")
        #expect(created.networks?["default"]?["gateway"] == "10.0.0.1")
        #expect(created.wireResult(apiVersion: 2) == v2)

        let v1 = try Fixture.response("response-v1-create_vm").result
        #expect(try CreatedVM(result: v1, apiVersion: 1).cid == "i-384959")
        #expect(CreatedVM(cid: "i-384959").wireResult(apiVersion: 1) == v1)
        // Always two elements for v2: bosh-cli crashes on an empty array.
        #expect(CreatedVM(cid: "i-1").wireResult(apiVersion: 2) == ["i-1", [:]])

        #expect(throws: CPIError.self) { _ = try CreatedVM(result: v1, apiVersion: 2) }
        #expect(throws: CPIError.self) { _ = try CreatedVM(result: [], apiVersion: 2) }
        #expect(throws: CPIError.self) { _ = try CreatedVM(result: v2, apiVersion: 1) }
    }

    @Test func infoResultIsParsedLikeBoshCLI() throws {
        let info = try CPIInfo(result: try Fixture.response("response-info").result)
        #expect(info == CPIInfo(apiVersion: 2, stemcellFormats: ["warden-tar", "general-tar"]))
        #expect(try CPIInfo(result: ["stemcell_formats": ["x"]]).apiVersion == 1)
        #expect(try CPIInfo(result: ["stemcell_formats": [], "api_version": 3]).negotiatedAPIVersion == 2)
        #expect(try CPIInfo(result: ["stemcell_formats": [], "api_version": 2.0]).apiVersion == 2)

        for bad: JSONValue in [
            ["api_version": 2], ["stemcell_formats": "x"], ["stemcell_formats": [1]],
            ["stemcell_formats": [], "api_version": "2"], "info",
        ] {
            do {
                _ = try CPIInfo(result: bad)
                Issue.record("accepted \(bad.jsonText)")
            } catch {
                #expect(error.description.hasPrefix("Unmarshalling 'info' method response failed"))
            }
        }
    }

    @Test func createEnvGateMatchesBoshCLI() throws {
        let v2 = CPIInfo(apiVersion: 2, stemcellFormats: [])
        try v2.requireRegistrylessContract(stemcellAPIVersion: 3)
        try CPIInfo(apiVersion: 5, stemcellFormats: []).requireRegistrylessContract(stemcellAPIVersion: 2)

        let v1 = CPIInfo(apiVersion: 1, stemcellFormats: [])
        #expect(throws: CPIError.unsupportedAPIVersion(cpiAPIVersion: 1, stemcellAPIVersion: 3)) {
            try v1.requireRegistrylessContract(stemcellAPIVersion: 3)
        }
        for stemcell in [nil, 0, 1] as [Int?] {
            #expect(throws: CPIError.unsupportedAPIVersion(cpiAPIVersion: 2, stemcellAPIVersion: 1)) {
                try v2.requireRegistrylessContract(stemcellAPIVersion: stemcell)
            }
        }
        #expect(
            CPIError.unsupportedAPIVersion(cpiAPIVersion: 1, stemcellAPIVersion: 3).description
                == "The `bosh` cli requires CPI v2.0 or greater, you are using 1")
    }

    @Test func cloudErrorReadsLikeBoshCLI() throws {
        let wire = try #require(try Fixture.response("response-cloud_error").error)
        let error = CPIError.cloud(method: "create_vm", wire)
        #expect(
            error.description
                == #"CPI 'create_vm' method responded with error: CmdError{"type":"Bosh::Clouds::CloudError","message":"Flavor `m1.2xlarge' not found","ok_to_retry":false}"#
        )
        #expect(error.method == "create_vm")
        #expect(error.is(.cloudError))
        #expect(!error.okToRetry)
        let vmNotFound = try #require(try Fixture.response("response-delete_vm-vm_not_found").error)
        #expect(CPIError.cloud(method: "delete_vm", vmNotFound).is(.vmNotFound))
    }

    @Test func unknownMethodErrorsMapToNotImplementedLikeBoshCLI() {
        let invalid = CPIResponseError(type: .cloudError, message: "Invalid Method: 'not-implemented-method'")
            .mappedForBoshCLI(method: "not-implemented-method")
        #expect(invalid.type == .notImplemented)
        #expect(
            invalid.message
                == "CPI error 'Bosh::Clouds::CloudError' with message 'Invalid Method: 'not-implemented-method'' in 'not-implemented-method' CPI method"
        )

        let unknown = CPIResponseError(type: .invalidCall, message: "Method is not known, got 'not-implemented-method'")
            .mappedForBoshCLI(method: "not-implemented-method")
        #expect(unknown.type == .notImplemented)
        #expect(
            unknown.message
                == "CPI error 'InvalidCall' with message 'Method is not known, got 'not-implemented-method'' in 'not-implemented-method' CPI method"
        )

        let other = CPIResponseError(type: .cloudError, message: "Something Invalid Method: x")
        #expect(other.mappedForBoshCLI(method: "m") == other)
        let wrongType = CPIResponseError(type: .invalidCall, message: "Invalid Method: x")
        #expect(wrongType.mappedForBoshCLI(method: "m") == wrongType)
    }

    @Test func cmdErrorEscapesLikeGo() {
        let error = CPIResponseError(type: "T", message: "a \"quoted\" <tag> & \\ line\nnext", okToRetry: true)
        #expect(
            error.description
                == #"CmdError{"type":"T","message":"a \"quoted\" \u003ctag\u003e \u0026 \\ line\nnext","ok_to_retry":true}"#
        )
    }

    @Test func identifiersEncodeAsPlainStrings() throws {
        let encoded = try JSONEncoder().encode([VMCID("i-1")])
        #expect(String(decoding: encoded, as: UTF8.self) == #"["i-1"]"#)
        #expect(try JSONDecoder().decode(DiskCID.self, from: Data(#""vol-1""#.utf8)) == DiskCID("vol-1"))
        #expect(try JSONDecoder().decode([StemcellCID].self, from: Data(#"["sc-1"]"#.utf8)) == ["sc-1"])
    }

    @Test func jsonValueKeepsIntegersApartFromDoubles() throws {
        let value = try JSONValue(
            parsing: Data(#"{"size":32768,"ratio":0.5,"on":true,"none":null,"list":["a",1],"bits":[0,1]}"#.utf8))
        #expect(value["bits"] == [.int(0), .int(1)])
        #expect(value["size"] == .int(32768))
        #expect(value["ratio"] == .double(0.5))
        #expect(value["on"] == .bool(true))
        #expect(value["none"] == .null)
        #expect(value.jsonText == #"{"bits":[0,1],"list":["a",1],"none":null,"on":true,"ratio":0.5,"size":32768}"#)
    }

    @Test func lenientResponseDefaults() throws {
        let response = try JSONDecoder().decode(CPIResponse.self, from: Data(#"{"result":"x"}"#.utf8))
        #expect(response == CPIResponse(result: "x", error: nil, log: ""))
    }
}
