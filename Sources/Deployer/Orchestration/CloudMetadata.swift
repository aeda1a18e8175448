import Foundation

/// The metadata bosh-cli sets on the VM and its persistent disk (`deployment/vm/manager.go`,
/// `vm.go` at 19ee1a8), so cost reports, IAM conditions and clean-up tools that match
/// bosh-cli's tags match `deployer`'s too.
enum CloudMetadata {
    /// `set_vm_metadata`: deployment, job and instance group, index `0`, `name` `<job>/0`,
    /// `director` `bosh-init` and `created_at` (RFC 3339, local time), then the manifest's
    /// `tags`, which win over any of them.
    static func vm(deployment: String, job: String, tags: [String: String], now: Date) -> [String: String] {
        var metadata = [
            "deployment": deployment, "job": job, "instance_group": job, "index": "0", "director": "bosh-init",
            "name": "\(job)/0", "created_at": rfc3339(now),
        ]
        for (key, value) in tags { metadata[key] = value }
        return metadata
    }

    /// `set_disk_metadata` after `attach_disk`: the VM's metadata without `job`, `name`,
    /// `index` and `created_at`, with `instance_index` (the VM's `index`) and `attached_at`.
    static func disk(fromVM vm: [String: String], now: Date) -> [String: String] {
        var metadata = vm
        for key in ["job", "name", "index", "created_at"] { metadata[key] = nil }
        metadata["instance_index"] = vm["index"]
        metadata["attached_at"] = rfc3339(now)
        return metadata
    }

    /// Go's `time.RFC3339` of a local time: `2026-12-07T03:01:02Z`, or with the offset
    /// (`+01:00`) outside UTC.
    static func rfc3339(_ date: Date, timeZone: TimeZone = .current) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        formatter.timeZone = timeZone
        return formatter.string(from: date)
    }
}
