import DeployerSupport
import Foundation
import Testing

@testable import ReleaseCompiler

@Suite struct ManifestTests {
    @Test func parsesReleaseManifestWithBinaryTagsAndStringVersions() throws {
        let text = """
            name: bosh
            version: 1.10
            commit_hash: 1a2b3c4
            uncommitted_changes: true
            jobs:
            - name: director
              version: !binary |-
                YWJjZA==
              fingerprint: abcd
              sha1: !binary |-
                ZGE5
              packages: [director, ruby]
            packages:
            - name: ruby
              version: f1
              fingerprint: f1
              sha1: sha256:0011
              dependencies: []
            compiled_packages:
            - name: director
              version: f2
              fingerprint: f2
              sha1: 00ff
              stemcell: ubuntu-jammy/1.506
              dependencies: [ruby]
            license:
              version: l1
              fingerprint: l1
              sha1: sha256:aa
            """
        let manifest = try ReleaseManifest.parse(text)
        #expect(manifest.name == "bosh")
        #expect(manifest.version == "1.10")
        #expect(manifest.commitHash == "1a2b3c4")
        #expect(manifest.uncommittedChanges)
        #expect(
            manifest.jobs == [
                .init(
                    name: "director", version: "abcd", fingerprint: "abcd", sha1: "da9",
                    dependencies: ["director", "ruby"])
            ])
        #expect(manifest.packages.first?.sha1 == "sha256:0011")
        #expect(manifest.compiledPackages.first?.stemcell == "ubuntu-jammy/1.506")
        #expect(manifest.compiledPackages.first?.dependencies == ["ruby"])
        #expect(manifest.license?.fingerprint == "l1")
        #expect(!manifest.noCompression)
    }

    @Test func releaseManifestYAMLRoundTrips() throws {
        let manifest = ReleaseManifest(
            name: "app", version: "0+dev.1", commitHash: "non-git",
            jobs: [.init(name: "web", version: "1e5", fingerprint: "1e5", sha1: "sha256:ab", dependencies: ["true"])],
            packages: [.init(name: "pkg", version: "01", fingerprint: "01", sha1: "sha256:cd", dependencies: [])],
            license: .init(name: "license", version: "ff", fingerprint: "ff", sha1: "sha256:ef"))
        let text = manifest.yaml()
        #expect(text.contains("version: \"1e5\""))  // would otherwise read as the float 100000
        #expect(try ReleaseManifest.parse(text) == manifest)
    }

    @Test func missingKeysNameTheFile() {
        #expect(throws: ReleaseError.invalidManifest(path: "x/release.MF", reason: "missing 'version'")) {
            try ReleaseManifest.parse("name: a\n", path: "x/release.MF")
        }
        #expect(throws: ReleaseError.self) { try ReleaseManifest.parse("- a\n- b\n") }
    }

    @Test func parsesJobSpec() throws {
        let job = try JobManifest.parse(
            """
            name: cpi
            templates:
              cpi.erb: bin/cpi
              config.json.erb: config/cpi.json
            packages: [a, b]
            properties:
              cpi.host: {description: host, default: 127.0.0.1}
              cpi.port: {default: 25250}
              cpi.tags: {default: {a: [1, true, null]}}
              cpi.secret: {description: no default}
            consumes:
            - {name: db, type: database, optional: true}
            provides:
            - {name: api, type: http}
            """, path: "job.MF")
        #expect(job.name == "cpi")
        #expect(
            job.templates == [
                .init(source: "config.json.erb", destination: "config/cpi.json"),
                .init(source: "cpi.erb", destination: "bin/cpi"),
            ])
        #expect(job.packages == ["a", "b"])
        #expect(job.properties["cpi.host"]?.defaultValue == .string("127.0.0.1"))
        #expect(job.properties["cpi.port"]?.defaultValue == .int(25250))
        #expect(job.properties["cpi.tags"]?.defaultValue == .object(["a": .array([.int(1), .bool(true), .null])]))
        #expect(job.properties["cpi.secret"]?.defaultValue == nil)
        #expect(job.consumes.first?.optional == true)
        #expect(job.provides.first?.name == "api")
    }

    @Test func parsesStemcellManifest() throws {
        let stemcell = try StemcellManifest.parse(
            """
            name: bosh-warden-boshlite-ubuntu-jammy-go_agent
            version: 1.10
            operating_system: ubuntu-jammy
            sha1: da39a3ee5e6b4b0d3255bfef95601890afd80709
            api_version: 3
            stemcell_formats: [warden-tar, local]
            cloud_properties:
              image_id: img-1
              nested: {a: 1}
            """)
        #expect(stemcell.version == "1.10")
        #expect(stemcell.operatingSystem == "ubuntu-jammy")
        #expect(stemcell.apiVersion == 3)
        #expect(stemcell.stemcellFormats == ["warden-tar", "local"])
        #expect(stemcell.cloudProperties == .object(["image_id": .string("img-1"), "nested": .object(["a": .int(1)])]))
        #expect(try StemcellManifest.parse("name: s\nversion: '1'\n").apiVersion == 1)
    }
}
