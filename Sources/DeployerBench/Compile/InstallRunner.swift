import BenchSupport
import DeployerSupport
import Foundation
import ReleaseCompiler

/// Installs the generated CPI release the way `deployer` does (CPIInstaller: extract and
/// verify the tarball, compile the job's packages through the cache, render the job) and
/// times each install.
struct InstallRunner: Sendable {
    /// The release tarball built by ReleaseBuilder.
    var tarball: String
    /// Every package the job needs (the whole DAG): each install must account for all of them.
    var packageNames: Set<String>

    /// One timed install.
    struct Outcome: Sendable {
        /// Wall time of `installCPI`.
        var duration: Duration
        /// The installation it produced.
        var installation: CPIInstallation
    }

    /// Installs into `home` (`packages/`, `tmp/`, `installations/bench`), compiling at most
    /// `maxParallel` packages at once, and checks every package has `expectedOrigin`.
    ///
    /// - Throws: `BenchError.unexpectedOrigins`, or the installer's `ReleaseError`.
    func install(
        home: String, maxParallel: Int, expectedOrigin: StoredPackage.Origin, label: String
    ) async throws -> Outcome {
        let compiler = PackageCompiler(
            store: PackageStore(root: home + "/packages"), workDirectory: home + "/tmp", maxParallel: maxParallel)
        let installer = CPIInstaller(compiler: compiler)
        let clock = ContinuousClock()
        let start = clock.now
        let installation = try await installer.installCPI(
            jobs: [
                CPIJobSource(
                    release: SampleReleaseWriter.releaseName, tarball: tarball, job: SampleReleaseWriter.jobName)
            ],
            properties: .object([:]),
            deploymentName: "compile-bench", installationDirectory: home + "/installations/bench")
        let duration = start.duration(to: clock.now)

        let installed = Set(installation.packages.keys)
        guard installed == packageNames else {
            throw BenchError.unexpectedOrigins(
                run: label, detail: "installed \(installed.sorted()), expected \(packageNames.sorted())")
        }
        let wrong = installation.packages.values.filter { $0.origin != expectedOrigin }
        guard wrong.isEmpty else {
            let detail = wrong.map { "\($0.name) was \($0.origin.rawValue)" }.sorted().joined(separator: ", ")
            throw BenchError.unexpectedOrigins(run: label, detail: "expected all \(expectedOrigin.rawValue); \(detail)")
        }
        return Outcome(duration: duration, installation: installation)
    }

    /// Runs the installed `bin/cpi` once and checks that its output carries every package's
    /// name: the top programs print their dependency tokens, which name the whole DAG.
    ///
    /// - Returns: the output's first line.
    /// - Throws: `BenchError.cpiCheckFailed`.
    @discardableResult
    func checkCPI(_ installation: CPIInstallation) async throws -> String {
        let result: ProcessRunner.Result
        do {
            result = try await ProcessRunner().run(
                .init(
                    executable: installation.executable, environment: .inherit(overrides: installation.environment),
                    timeout: .seconds(30)))
        } catch {
            throw BenchError.cpiCheckFailed(executable: installation.executable, detail: "\(error)")
        }
        guard result.exitStatus.isSuccess else {
            throw BenchError.cpiCheckFailed(
                executable: installation.executable, detail: "\(result.exitStatus): \(result.standardErrorText)")
        }
        let output = result.standardOutputText
        let missing = packageNames.filter { !output.contains($0) }.sorted()
        guard missing.isEmpty, output.contains("hash=") else {
            throw BenchError.cpiCheckFailed(
                executable: installation.executable, detail: "output lacks \(missing): \(output)")
        }
        return output.split(separator: "\n").first.map(String.init) ?? ""
    }
}

extension InstallRunner {
    /// Times only the job rendering step of an install (one `ruby` process), `count` times:
    /// the part of a warm-cache re-install that is not ours to make faster.
    ///
    /// - Throws: the reader's or renderer's `ReleaseError`.
    func timeRendering(count: Int, scratch: String) async throws -> Samples {
        let release = try await ReleaseReader().read(tarball: tarball, into: scratch + "/release")
        let job = try release.job(named: SampleReleaseWriter.jobName)
        let context = RenderContext(deployment: "compile-bench", clusterProperties: .object([:]))
        let clock = ContinuousClock()
        var samples = Samples()
        for index in 0..<count {
            let start = clock.now
            _ = try await RubyERBRenderer().render(job: job, context: context, into: scratch + "/rendered-\(index)")
            samples.append(start.duration(to: clock.now))
        }
        return samples
    }
}
