import CPIProtocol
import DeployerSupport
import Foundation
import Testing

@Suite(.serialized) struct LocalCPIStemcellTests {
    @Test func infoAnswersAPIVersion2AndTheLocalFormat() async throws {
        let fixture = try LocalCPIFixture()
        defer { fixture.tearDown() }
        let info = try await fixture.cloud.info()
        #expect(info.apiVersion == 2)
        #expect(info.stemcellFormats == ["local-tgz"])
        #expect(try await fixture.cloud.negotiatedAPIVersion() == 2)
    }

    @Test func createAndDeleteStemcell() async throws {
        let fixture = try LocalCPIFixture()
        defer { fixture.tearDown() }
        let cid = try await fixture.createStemcell()
        let directory = fixture.root + "/stemcells/" + cid.rawValue
        #expect(FileManager.default.isExecutableFile(atPath: directory + "/image/local-agent"))
        let record = try fixture.readJSON(directory + "/stemcell.json")
        #expect(record["cid"] == .string(cid.rawValue))
        #expect(record["cloud_properties"]?["name"] == "local")
        #expect(record["image_path"] == .string(fixture.imagePath))

        let listed = try fixture.inventory()["stemcells"]?.arrayValue ?? []
        #expect(listed.count == 1)
        #expect(listed.first?["cid"] == .string(cid.rawValue))
        #expect(listed.first?["complete"] == true)

        try await fixture.cloud.deleteStemcell(cid)
        #expect(!FileManager.default.fileExists(atPath: directory))
        #expect(try fixture.inventory()["stemcells"]?.arrayValue?.isEmpty == true)

        await #expect {
            try await fixture.cloud.deleteStemcell(cid)
        } throws: { cpiErrorType($0) == .stemcellNotFound }
    }

    @Test func missingImageIsACloudErrorNamingThePath() async throws {
        let fixture = try LocalCPIFixture()
        defer { fixture.tearDown() }
        let missing = fixture.directory + "/no-such-image"
        await #expect {
            _ = try await fixture.cloud.createStemcell(imagePath: missing, cloudProperties: .null)
        } throws: { error in
            cpiErrorType(error) == .cloudError && "\(error)".contains("no-such-image")
        }
        #expect(try fixture.inventory()["stemcells"]?.arrayValue?.isEmpty == true)
    }

    @Test func imageThatIsNotATarballLeavesNothing() async throws {
        let fixture = try LocalCPIFixture()
        defer { fixture.tearDown() }
        let bogus = fixture.directory + "/bogus-image"
        try Data("this is not a tarball\n".utf8).write(to: URL(fileURLWithPath: bogus))
        await #expect {
            _ = try await fixture.cloud.createStemcell(imagePath: bogus, cloudProperties: .null)
        } throws: { error in
            cpiErrorType(error) == .cloudError && "\(error)".contains("bogus-image")
        }
        #expect(try fixture.inventory()["stemcells"]?.arrayValue?.isEmpty == true)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: fixture.root + "/stemcells")
        #expect(leftovers.isEmpty)
    }

    @Test func imageWithoutAnAgentIsRefused() async throws {
        let fixture = try LocalCPIFixture()
        defer { fixture.tearDown() }
        let emptyDirectory = fixture.directory + "/empty-image"
        try FileManager.default.createDirectory(atPath: emptyDirectory, withIntermediateDirectories: true)
        try Data("x".utf8).write(to: URL(fileURLWithPath: emptyDirectory + "/README"))
        let tarball = fixture.directory + "/no-agent.tgz"
        try LocalCPIFixture.run("/bin/tar", ["czf", tarball, "-C", emptyDirectory, "README"])
        await #expect {
            _ = try await fixture.cloud.createStemcell(imagePath: tarball, cloudProperties: .null)
        } throws: { error in
            cpiErrorType(error) == .cloudError && "\(error)".contains("local-agent")
        }
        #expect(try fixture.inventory()["stemcells"]?.arrayValue?.isEmpty == true)
    }

    @Test func withoutAConfigEveryCallButInfoNamesWhereItLooked() async throws {
        let fixture = try LocalCPIFixture(writeConfig: false)
        defer { fixture.tearDown() }
        #expect(try await fixture.cloud.info().apiVersion == 2)
        await #expect {
            _ = try await fixture.createStemcell()
        } throws: { error in
            cpiErrorType(error) == .cloudError && "\(error)".contains("local_cpi/config/cpi.json")
        }
    }

    @Test func badConfigFieldIsNamed() async throws {
        let fixture = try LocalCPIFixture(config: ["agent": ["ntp": "not-a-list"]])
        defer { fixture.tearDown() }
        await #expect {
            _ = try await fixture.createStemcell()
        } throws: { error in
            cpiErrorType(error) == .cloudError && "\(error)".contains("agent.ntp")
        }
    }
}
