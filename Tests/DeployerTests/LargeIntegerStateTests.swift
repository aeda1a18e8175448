import CPIProtocol
import DeployerSupport
import DeployerTestSupport
import Foundation
import GoYAML
import Interpolation
import Testing

@testable import Deployer

/// A manifest value above Int64.max (yaml.v2's uint64) through the deployer's edges: the JSON
/// it becomes, the state file that records it, the disk comparison, and typed manifest fields.
@Suite struct LargeIntegerStateTests {
    @Test func manifestValuesBecomeJSONIntegers() {
        #expect(StateJSONValue(yaml: .uint(UInt64.max)) == .uint(UInt64.max))
        #expect(StateJSONValue(yaml: .array([.int(1), .uint(1 << 63)])) == .array([.int(1), .uint(1 << 63)]))
        // A whole float Go writes as digits reads back as the integer those digits are.
        #expect(StateJSONValue(yaml: .float(1e19)) == .uint(10_000_000_000_000_000_000))
        #expect(StateJSONValue(yaml: .float(1e20)) == .double(1e20))
        let keyed = YAMLMap([.init(key: .uint(UInt64.max), value: .string("v"))])
        #expect(StateJSONValue.object(yaml: keyed) == ["18446744073709551615": .string("v")])
    }

    @Test func recordedDiskPropertiesRoundTripThroughTheStateFile() async throws {
        let scratch = try TemporaryDirectory("state-tests")
        let directory = scratch.path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = FileStateStore(path: directory + "/s.json", idGenerator: StateTestFiles.sequentialIDs())
        try await store.lock()
        _ = try await store.load()
        let properties: [String: StateJSONValue] = ["iops": .uint(UInt64.max), "size": .double(1e20)]
        _ = try await store.recordDisk(cid: DiskCID("disk-1"), size: 1024, cloudProperties: properties)
        await store.unlock()
        let text = try String(contentsOfFile: directory + "/s.json", encoding: .utf8)
        #expect(text.contains("\"iops\": 18446744073709551615,"))
        #expect(text.contains("\"size\": 100000000000000000000\n"))
        let reloaded = try await FileStateStore(path: directory + "/s.json").load()
        #expect(reloaded.disks.first?.cloudProperties["iops"] == .uint(UInt64.max))
    }

    @Test func diskComparisonSeesTheSameValue() {
        let requested = YAMLMap([.init(key: .string("iops"), value: .uint(UInt64.max))])
        #expect(!CloudPropertiesComparison.differ(recorded: ["iops": .uint(UInt64.max)], requested: requested))
        #expect(CloudPropertiesComparison.differ(recorded: ["iops": .uint(UInt64.max - 1)], requested: requested))
        let float = YAMLMap([.init(key: .string("iops"), value: .float(1e19))])
        #expect(
            !CloudPropertiesComparison.differ(recorded: ["iops": .uint(10_000_000_000_000_000_000)], requested: float))
    }

    @Test func typedManifestFieldsReadItAsYamlV2Does() {
        var decoder = NodeDecoder(unmarshalStage: .installationUnmarshalling, parseStage: .installationParsing)
        #expect(decoder.string(.uint(UInt64.max), at: "name") == "18446744073709551615")
        #expect(decoder.problems.isEmpty)
        // yaml.v2 refuses a uint64 beyond Int64.max for an int field.
        #expect(decoder.int(.uint(UInt64.max), at: "disk_size") == 0)
        #expect(decoder.problems.map(\.message) == ["disk_size: cannot unmarshal !!int into int"])
    }

    @Test func aTildeManifestPathPutsTheStateUnderHome() {
        #expect(
            FileStateStore.statePath(forManifest: "~/envs/bosh.yml", home: "/home/op")
                == "/home/op/envs/bosh-state.json")
        #expect(FileStateStore.statePath(forManifest: "~/bosh.yml", home: nil) == "~/bosh-state.json")
        // `--state` is a plain string in bosh-cli: used as given.
        #expect(
            FileStateStore.statePath(forManifest: "~/bosh.yml", explicit: "~/s.json", home: "/home/op") == "~/s.json")
    }
}
