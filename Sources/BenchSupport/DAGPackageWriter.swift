import Foundation

/// Writes the packages of a generated release directory: for every node of a `PackageDAG`,
/// `packages/<name>/spec`, a `packaging` script and the C source `src/<name>/main.c`.
///
/// Each `packaging` script reads a token file from every dependency's install directory
/// (`$BOSH_PACKAGES_DIR/<dep>/share/token`), compiles its C file with `cc -O2` with those
/// tokens built in, and writes its own token: a missing dependency fails the build, so the
/// dependency is real. The same scripts run under the local `PackageCompiler` (CPI install)
/// and under an agent's `compile_package` (on the VM).
public struct DAGPackageWriter: Sendable {
    /// The packages to generate.
    public var dag: PackageDAG
    /// Functions per C file (see `CSourceGenerator`).
    public var functions: Int

    /// Creates a writer for `dag` with `functions` functions per C file.
    public init(dag: PackageDAG, functions: Int) {
        self.dag = dag
        self.functions = functions
    }

    /// Writes `config/final.yml` naming the release `releaseName`, then every package, under
    /// `root` (created).
    ///
    /// - Throws: `BenchFileError` naming the file.
    public func write(releaseName: String, to root: String) throws {
        try BenchFile.write("name: \(releaseName)\n", to: root + "/config/final.yml")
        for (index, package) in dag.packages.enumerated() {
            let dependencies = package.dependencies.map { "\"\($0)\"" }.joined(separator: ", ")
            try BenchFile.write(
                "---\nname: \(package.name)\ndependencies: [\(dependencies)]\nfiles:\n- \(package.name)/**/*\n",
                to: root + "/packages/\(package.name)/spec")
            try BenchFile.write(packaging(for: package), to: root + "/packages/\(package.name)/packaging")
            try BenchFile.write(
                CSourceGenerator.source(index: index, functions: functions), to: root + "/src/\(package.name)/main.c")
        }
    }

    /// The packaging script: the dependency tokens become a compile-time constant of the
    /// program and part of this package's own token, so a missing dependency fails the build.
    public func packaging(for package: PackageDAG.Package) -> String {
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
}
