import Foundation
import FuzzTargets

/// The ordinary build's driver: replays saved inputs (a crash file, a corpus directory)
/// through one target, to reproduce a fuzzer finding under the debugger without libFuzzer.
///
/// `DEPLOYER_FUZZ_TARGET=<target> DeployerFuzz FILE|DIRECTORY...`; the exit status is 1 when
/// an input breaks an invariant, 2 on a usage error. A crash crashes, as it should.
enum ReplayRunner {
    static func run(arguments: [String]) -> Never {
        guard let name = FuzzEnvironment.requestedName, let target = FuzzTarget(rawValue: name), !arguments.isEmpty
        else {
            fail("usage: DEPLOYER_FUZZ_TARGET=<target> DeployerFuzz FILE|DIRECTORY...\n\(FuzzEnvironment.usage)")
        }
        var count = 0
        var broken = 0
        for file in arguments.flatMap(files) {
            guard let data = FileManager.default.contents(atPath: file) else { fail("cannot read '\(file)'") }
            for problem in target.run(Array(data)) {
                print("\(file): \(problem)")
                broken += 1
            }
            count += 1
        }
        print("\(target.rawValue): \(count) inputs replayed, \(broken) broken invariants")
        exit(broken == 0 ? 0 : 1)
    }

    /// `path` itself, or the regular files directly inside it when it is a directory.
    static func files(_ path: String) -> [String] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else {
            return [path]
        }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        return names.filter { !$0.hasPrefix(".") }.sorted().map { path + "/" + $0 }
    }

    static func fail(_ message: String) -> Never {
        FileHandle.standardError.write(Data("deployer-fuzz: \(message)\n".utf8))
        exit(2)
    }
}
