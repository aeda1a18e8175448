import AgentProtocol
import DeployerSupport
import Foundation

/// The `apply` action: resolves networks against the settings, installs packages and
/// rendered jobs (only when `configuration_hash` is non-empty, like the real agent), and
/// persists the spec and the `instance/` files.
struct Applier: Sendable {
    let context: AgentContext

    private var layout: VMLayout { context.layout }

    func apply(_ specJSON: AgentJSON) async throws {
        var json = specJSON
        try prefixingErrors("Resolving dynamic networks") { json = try resolveNetworks(json) }
        let spec = try prefixingErrors("Applying") { try json.decode(ApplySpec.self) }
        if !spec.configurationHash.isEmpty {
            try prefixingErrors("Applying") {
                try installPackages(spec)
                try installJobs(spec)
            }
        }
        try context.specStore.save(json)
        try prefixingErrors("Persisting apply spec") { try writeInstanceFiles(spec) }
    }

    /// Every spec network must exist in the settings; dynamic ones get their address there.
    private func resolveNetworks(_ spec: AgentJSON) throws -> AgentJSON {
        guard var object = spec.objectValue else { return spec }
        guard let networks = object["networks"]?.objectValue else { return spec }
        var resolved: [String: AgentJSON] = [:]
        for (name, network) in networks {
            guard let configured = context.settings.networks[name] else {
                throw LocalAgentError("Network '\(name)' is not found in settings")
            }
            guard var fields = network.objectValue, network["type"]?.stringValue == "dynamic" else {
                resolved[name] = network
                continue
            }
            for key in ["ip", "netmask", "gateway"] {
                if let value = configured[key] { fields[key] = value }
            }
            resolved[name] = .object(fields)
        }
        object["networks"] = .object(resolved)
        return .object(object)
    }

    private func installPackages(_ spec: ApplySpec) throws {
        let installer = PackageInstaller(layout: layout, blobstore: context.blobstore)
        for (_, package) in spec.packages.sorted(by: { $0.key < $1.key }) {
            try installer.install(
                name: package.name, version: package.version, blobID: package.blobstoreID.rawValue, digest: package.sha1
            )
        }
        try removeStaleLinks(in: layout.packagesDir, keeping: Set(spec.packages.values.map(\.name)))
    }

    private func installJobs(_ spec: ApplySpec) throws {
        let templates = spec.job.templates
        let archive = spec.renderedTemplatesArchive
        if !templates.isEmpty, !archive.blobstoreID.isEmpty {
            let blob = try context.blobstore.verifiedPath(forID: archive.blobstoreID.rawValue, digest: archive.sha1)
            let scratch = layout.tmpDir + "/rendered-\(UUID().uuidString.lowercased())"
            defer { try? FileTree.remove(scratch) }
            try prefixingErrors("Extracting rendered templates archive") {
                _ = try LibArchiveReader().extract(tarball: blob, to: scratch)
            }
            for template in templates {
                try install(job: template, from: scratch)
            }
        }
        try removeStaleLinks(in: layout.jobsDir, keeping: Set(templates.map(\.name)))
    }

    private func install(job: PackageReference, from scratch: String) throws {
        try LocalAgentError.requireSafeComponent(job.name, what: "Job name")
        try LocalAgentError.requireSafeComponent(job.version, what: "Job version")
        let source = scratch + "/" + job.name
        guard FileTree.isDirectory(source) else {
            throw LocalAgentError(
                "Installing job '\(job.name)': the rendered templates archive has no directory '\(job.name)'")
        }
        for file in try FileTree.regularFiles(under: source) {
            try rewriteVcapPaths(in: file)
            // As the real agent's rendered-job applier does: renderers write plain files, and
            // the agent makes the job's bin/ scripts executable (ctl, pre-start, drain, ...).
            let isScript = file.hasPrefix(source + "/bin/")
            guard chmod(file, isScript ? 0o755 : 0o644) == 0 else {
                throw LocalAgentError("Installing job '\(job.name)': cannot set the mode of '\(file)'")
            }
        }
        let parent = layout.dataJobsDir + "/" + job.name
        let target = parent + "/" + job.version
        try FileTree.createDirectory(parent)
        // Rendered content can change while the job fingerprint stays: always replace.
        try FileTree.remove(target)
        try FileTree.move(source, to: target)
        try FileTree.replaceSymlink(at: layout.jobsDir + "/" + job.name, to: target)
        try FileTree.createDirectory(layout.sysLogDir + "/" + job.name)
        try FileTree.createDirectory(layout.sysRunDir + "/" + job.name)
    }

    /// Rewrites `/var/vcap/` to the VM directory in a rendered text file (no NUL byte in it,
    /// at most 4 MiB), keeping its mode: the VM directory plays `/var/vcap`.
    private func rewriteVcapPaths(in file: String) throws {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: file),
            let size = (attributes[.size] as? NSNumber)?.intValue, size <= 4 << 20,
            let data = FileManager.default.contents(atPath: file), !data.contains(0)
        else { return }
        let text = String(decoding: data, as: UTF8.self)
        guard text.contains("/var/vcap") else { return }
        let rewritten = layout.rewriteVcapPaths(text)
        let mode = (attributes[.posixPermissions] as? NSNumber)?.uint32Value ?? 0o644
        try prefixingErrors("Rewriting /var/vcap paths in '\(file)'") {
            try AtomicFile.write(Data(rewritten.utf8), to: file, mode: mode_t(mode))
        }
    }

    private func removeStaleLinks(in directory: String, keeping names: Set<String>) throws {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        for name in entries where !names.contains(name) && FileTree.isSymlink(directory + "/" + name) {
            try FileTree.remove(directory + "/" + name)
        }
    }

    private func writeInstanceFiles(_ spec: ApplySpec) throws {
        let values = ["id": spec.id, "az": spec.az, "name": spec.name, "deployment": spec.deployment]
        for (file, value) in values {
            try AtomicFile.write(Data(value.utf8), to: layout.instanceDir + "/" + file, mode: 0o644)
        }
    }
}
