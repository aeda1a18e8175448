/// Command-line options of `compile-bench` (parsed by hand: the bench links only
/// ReleaseCompiler and DeployerSupport).
struct BenchOptions: Sendable, Equatable {
    /// Fresh-cache installs per mode (serial, parallel).
    var rounds = 3
    /// Warm-cache re-installs after each parallel round.
    var cachedRepeats = 3
    /// Functions per generated C file: the size of each package's compile.
    var functions = 60
    /// Packages per dependency level, bottom first.
    var levelSizes = [6, 5, 3, 2]
    /// `maxParallel` of the parallel mode (default: active processors, as PackageCompiler).
    var parallel: Int? = nil
    /// Keep the generated temporary directory (its path is printed).
    var keep = false

    static let usage = """
        usage: compile-bench [--rounds N] [--cached-repeats N] [--functions N] [--levels 6,5,3,2]
                             [--parallel N] [--keep]
          --rounds N          fresh-cache installs per mode (default 3)
          --cached-repeats N  warm-cache re-installs after each parallel round (default 3)
          --functions N       functions in each generated C file (default 60)
          --levels A,B,...    packages per dependency level, bottom first (default 6,5,3,2)
          --parallel N        maxParallel of the parallel mode (default: active processors)
          --keep              keep the generated temporary directory
        """

    /// Parses `arguments` (without the program name).
    ///
    /// - Throws: `BenchError.usage` naming the bad argument.
    init(arguments: [String]) throws {
        var rest = arguments[...]
        func positive(_ flag: String) throws -> Int {
            guard let text = rest.popFirst(), let value = Int(text), value > 0 else {
                throw BenchError.usage("\(flag) needs a positive integer")
            }
            return value
        }
        while let argument = rest.popFirst() {
            switch argument {
            case "--rounds": rounds = try positive(argument)
            case "--cached-repeats": cachedRepeats = try positive(argument)
            case "--functions": functions = try positive(argument)
            case "--parallel": parallel = try positive(argument)
            case "--keep": keep = true
            case "--levels":
                let sizes = (rest.popFirst() ?? "").split(separator: ",").map { Int($0) }
                guard !sizes.isEmpty, sizes.allSatisfy({ ($0 ?? 0) > 0 }) else {
                    throw BenchError.usage("--levels needs positive integers separated by commas")
                }
                levelSizes = sizes.compactMap { $0 }
            case "-h", "--help": throw BenchError.helpRequested
            default: throw BenchError.usage("unknown argument '\(argument)'")
            }
        }
    }
}
