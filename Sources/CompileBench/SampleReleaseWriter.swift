import Foundation

/// Writes the benchmark's release directory: one package per DAG node (a C file compiled by
/// its `packaging` script with `cc -O2`, after reading a token file from each dependency so
/// the dependency is real) and one CPI-like job `bench_cpi` that uses the top packages.
struct SampleReleaseWriter: Sendable {
    /// Name of the generated release.
    static let releaseName = "compile-bench"
    /// Name of the generated CPI-like job.
    static let jobName = "bench_cpi"

    /// The packages to generate.
    var dag: PackageDAG
    /// Functions per C file (see `CSourceGenerator`).
    var functions: Int

    /// Writes the release directory at `root` (created).
    ///
    /// - Throws: `BenchError.write` naming the file.
    func write(to root: String) throws {
        try write("name: \(Self.releaseName)\n", to: root + "/config/final.yml")
        for (index, package) in dag.packages.enumerated() {
            let dependencies = package.dependencies.map { "\"\($0)\"" }.joined(separator: ", ")
            try write(
                "---\nname: \(package.name)\ndependencies: [\(dependencies)]\nfiles:\n- \(package.name)/**/*\n",
                to: root + "/packages/\(package.name)/spec")
            try write(packaging(for: package), to: root + "/packages/\(package.name)/packaging")
            try write(
                CSourceGenerator.source(index: index, functions: functions), to: root + "/src/\(package.name)/main.c")
        }
        let top = dag.topNames
        try write("""
            ---
            name: \(Self.jobName)
            templates:
              cpi.erb: bin/cpi
              cpi.json.erb: config/cpi.json
            packages: [\(top.map { "\"\($0)\"" }.joined(separator: ", "))]
            properties:
              bench.greeting: {description: argument passed to every top package, default: hello}

            """, to: root + "/jobs/\(Self.jobName)/spec")
        try write("", to: root + "/jobs/\(Self.jobName)/monit")
        // bin/cpi runs every top package's program with the rendered greeting.
        try write("""
            #!/bin/bash
            set -e
            packages="${BOSH_PACKAGES_DIR:-/var/vcap/packages}"
            config="${BOSH_JOBS_DIR:-/var/vcap/jobs}/\(Self.jobName)/config/cpi.json"
            greeting=$(sed 's/.*"greeting": *"\\([^"]*\\)".*/\\1/' "$config")
            for package in \(top.joined(separator: " ")); do
              "$packages/$package/bin/$package" "$greeting"
            done

            """, to: root + "/jobs/\(Self.jobName)/templates/cpi.erb")
        try write(
            #"{"greeting": <%= JSON.dump(p("bench.greeting")) %>}"# + "\n",
            to: root + "/jobs/\(Self.jobName)/templates/cpi.json.erb")
    }

    /// The packaging script: the dependency tokens become a compile-time constant of the
    /// program and part of this package's own token, so a missing dependency fails the build.
    func packaging(for package: PackageDAG.Package) -> String {
        """
        set -e
        deps=""
        for dep in \(package.dependencies.joined(separator: " ")); do
          deps="$deps$(cat "$BOSH_PACKAGES_DIR/$dep/share/token") "
        done
        mkdir -p "$BOSH_INSTALL_TARGET/bin" "$BOSH_INSTALL_TARGET/share"
        cc -O2 -DPACKAGE_NAME='"\(package.name)"' -DDEPENDENCIES="\\"$deps\\"" \\
          -o "$BOSH_INSTALL_TARGET/bin/\(package.name)" \(package.name)/main.c
        printf '%s' "\(package.name)($deps)" > "$BOSH_INSTALL_TARGET/share/token"

        """
    }

    private func write(_ text: String, to path: String) throws {
        do {
            try FileManager.default.createDirectory(
                atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        } catch {
            throw BenchError.write(path: path, reason: "\(error)")
        }
    }
}
