/// The shape of the generated release: packages in dependency levels, each package of a
/// level depending on one to three packages of the level below, every package of a lower
/// level needed by some package above it (so the top packages' closure is the whole DAG).
public struct PackageDAG: Sendable, Equatable {
    /// One generated package.
    public struct Package: Sendable, Equatable {
        /// The package name, e.g. `lvl2-pkg1`.
        public var name: String
        /// Its level, 0 = no dependencies.
        public var level: Int
        /// Names of its direct dependencies (all in the level below).
        public var dependencies: [String]

        /// Creates a package record.
        public init(name: String, level: Int, dependencies: [String]) {
            self.name = name
            self.level = level
            self.dependencies = dependencies
        }
    }

    /// Packages level by level, bottom (no dependencies) first.
    public let levels: [[Package]]

    /// All packages, bottom level first.
    public var packages: [Package] { levels.flatMap { $0 } }
    /// The top level's package names: what the job uses.
    public var topNames: [String] { levels.last?.map(\.name) ?? [] }

    /// Builds the DAG for `levelSizes` (bottom first, each at least 1).
    ///
    /// Package `i` of a level with `m` packages gets every package `b` of the level below
    /// with `b % m == i` (that covers the whole level below), then `(i + 1) % n` while it has
    /// fewer than three: a real DAG with shared dependencies, not a set of chains.
    public init(levelSizes: [Int]) {
        var levels: [[Package]] = []
        for (level, size) in levelSizes.enumerated() {
            let below = levels.last ?? []
            var current: [Package] = []
            for index in 0..<max(1, size) {
                var dependencies: [String] = []
                if !below.isEmpty {
                    let count = max(1, size)
                    for (b, package) in below.enumerated() where b % count == index {
                        dependencies.append(package.name)
                    }
                    let extra = below[(index + 1) % below.count].name
                    if dependencies.count < 3, !dependencies.contains(extra) { dependencies.append(extra) }
                    if dependencies.isEmpty { dependencies.append(below[index % below.count].name) }
                }
                current.append(Package(name: "lvl\(level)-pkg\(index + 1)", level: level, dependencies: dependencies))
            }
            levels.append(current)
        }
        self.levels = levels
    }
}
