/// The command line of `deploy-bench` (parsed by hand, like the other benchmark executables):
/// one subcommand that writes the heavy release directory, one that turns the script's
/// measurements into the report and the stage chart.
enum DeployBenchCommand: Sendable, Equatable {
    /// `heavy-release DIR`: write the heavy release's source directory.
    case heavyRelease(HeavyReleaseOptions)
    /// `report`: print the tables and write the SVG.
    case report(ReportOptions)

    /// Options of `heavy-release`.
    struct HeavyReleaseOptions: Sendable, Equatable {
        /// The release directory to create.
        var directory: String
        /// Packages per dependency level of the C DAG, bottom first.
        var levelSizes = [6, 5, 3, 2]
        /// Functions per generated C file.
        var functions = 60
        /// Size of the incompressible blob, in MiB.
        var blobMiB = 200
    }

    /// Options of `report`.
    struct ReportOptions: Sendable, Equatable {
        /// The measurements, one tab-separated line each (see `Measurement`).
        var results: String
        /// The workloads' descriptions and sizes (see `Workload`).
        var workloads: String
        /// Directory of the fresh deploys' NDJSON events, `<workload>-<mode>-r<round>.ndjson`.
        var events: String
        /// Where the stage chart goes (nil: no chart).
        var svg: String?
        /// The workload the chart shows.
        var chartWorkload = "heavy"
    }

    static let usage = """
        usage: deploy-bench heavy-release DIR [--levels 6,5,3,2] [--functions N] [--blob-mib N]
               deploy-bench report --results FILE --workloads FILE --events DIR [--svg FILE] [--chart-workload NAME]
        The driver is Benchmarks/deploy-bench, which runs the deploys and calls these.
          heavy-release   writes a release directory: a C package DAG compiled by packaging scripts,
                          a package holding one incompressible blob, and job 'heavy' using them all
          report          prints medians, mins and the ratios (--parallel 1 / default), the no-op
                          time against release size, and draws the fresh deploy's stages as an SVG
        """

    /// Parses `arguments` (without the program name).
    ///
    /// - Throws: `DeployBenchError.usage` naming the bad argument.
    init(arguments: [String]) throws {
        var rest = arguments[...]
        guard let subcommand = rest.popFirst() else { throw DeployBenchError.usage("missing subcommand") }
        func value(_ flag: String) throws -> String {
            guard let text = rest.popFirst(), !text.isEmpty else { throw DeployBenchError.usage("\(flag) needs a value") }
            return text
        }
        func positive(_ flag: String) throws -> Int {
            guard let number = Int(try value(flag)), number > 0 else {
                throw DeployBenchError.usage("\(flag) needs a positive integer")
            }
            return number
        }
        switch subcommand {
        case "-h", "--help":
            throw DeployBenchError.helpRequested
        case "heavy-release":
            guard let directory = rest.popFirst(), !directory.hasPrefix("-") else {
                throw DeployBenchError.usage("heavy-release needs a directory")
            }
            var options = HeavyReleaseOptions(directory: directory)
            while let argument = rest.popFirst() {
                switch argument {
                case "--functions": options.functions = try positive(argument)
                case "--blob-mib": options.blobMiB = try positive(argument)
                case "--levels":
                    let sizes = try value(argument).split(separator: ",").map { Int($0) }
                    guard !sizes.isEmpty, sizes.allSatisfy({ ($0 ?? 0) > 0 }) else {
                        throw DeployBenchError.usage("--levels needs positive integers separated by commas")
                    }
                    options.levelSizes = sizes.compactMap { $0 }
                default: throw DeployBenchError.usage("unknown argument '\(argument)'")
                }
            }
            self = .heavyRelease(options)
        case "report":
            var results: String?, workloads: String?, events: String?, svg: String?, chart = "heavy"
            while let argument = rest.popFirst() {
                switch argument {
                case "--results": results = try value(argument)
                case "--workloads": workloads = try value(argument)
                case "--events": events = try value(argument)
                case "--svg": svg = try value(argument)
                case "--chart-workload": chart = try value(argument)
                default: throw DeployBenchError.usage("unknown argument '\(argument)'")
                }
            }
            guard let results, let workloads, let events else {
                throw DeployBenchError.usage("report needs --results, --workloads and --events")
            }
            self = .report(ReportOptions(results: results, workloads: workloads, events: events, svg: svg, chartWorkload: chart))
        default:
            throw DeployBenchError.usage("unknown subcommand '\(subcommand)'")
        }
    }
}
