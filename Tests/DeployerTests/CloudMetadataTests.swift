import Foundation
import Testing

@testable import Deployer

/// VM and disk metadata as bosh-cli sets them (deployment/vm/manager.go and vm.go).
struct CloudMetadataTests {
    let now = Date(timeIntervalSince1970: 1_796_612_462)  // 2026-12-07T03:01:02Z

    @Test func vmMetadataHasBoshCLIsKeysAndTagsWin() {
        let metadata = CloudMetadata.vm(
            deployment: "bosh", job: "bosh", tags: ["team": "infra", "director": "mine"], now: now)
        #expect(
            metadata == [
                "deployment": "bosh", "job": "bosh", "instance_group": "bosh", "index": "0", "name": "bosh/0",
                "director": "mine", "created_at": CloudMetadata.rfc3339(now), "team": "infra",
            ])
        #expect(CloudMetadata.vm(deployment: "d", job: "j", tags: [:], now: now)["director"] == "bosh-init")
    }

    @Test func diskMetadataIsTheVMsWithoutItsOwnKeys() {
        let vm = CloudMetadata.vm(deployment: "bosh", job: "bosh", tags: ["team": "infra"], now: now)
        let disk = CloudMetadata.disk(fromVM: vm, now: now.addingTimeInterval(60))
        #expect(
            disk == [
                "deployment": "bosh", "instance_group": "bosh", "director": "bosh-init", "team": "infra",
                "instance_index": "0", "attached_at": CloudMetadata.rfc3339(now.addingTimeInterval(60)),
            ])
    }

    @Test func timesAreGoRFC3339InLocalTime() throws {
        #expect(
            CloudMetadata.rfc3339(now, timeZone: try #require(TimeZone(identifier: "UTC"))) == "2026-12-07T03:01:02Z")
        let plusOne = try #require(TimeZone(secondsFromGMT: 3600))
        #expect(CloudMetadata.rfc3339(now, timeZone: plusOne) == "2026-12-07T04:01:02+01:00")
    }
}
