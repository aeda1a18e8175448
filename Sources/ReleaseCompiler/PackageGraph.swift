/// The compile-time dependency graph of a set of packages.
///
/// Built from `name → direct dependencies`; validates that every dependency exists and that
/// there is no cycle, then answers the orders the compiler needs.
public struct PackageGraph: Sendable, Equatable {
    /// Package name → sorted direct dependencies.
    public let dependencies: [String: [String]]
    /// Packages grouped so that every package's dependencies are in earlier levels; each level
    /// is sorted by name. Packages of one level can be compiled in parallel.
    public let levels: [[String]]

    /// Builds and validates the graph.
    ///
    /// - Parameter dependencies: package name → names of its direct dependencies.
    /// - Throws: `ReleaseError.missingDependency` naming the package and the absent dependency;
    ///   `ReleaseError.dependencyCycle` naming the packages of one cycle in order.
    public init(dependencies: [String: [String]]) throws {
        var normalized: [String: [String]] = [:]
        for (name, deps) in dependencies {
            for dep in deps where dependencies[dep] == nil {
                throw ReleaseError.missingDependency(package: name, dependency: dep, dependentKind: "package")
            }
            normalized[name] = Array(Set(deps)).sorted()
        }
        self.dependencies = normalized
        self.levels = try Self.computeLevels(normalized)
    }

    /// All packages, dependencies first (level by level, by name within a level).
    public var topologicalOrder: [String] { levels.flatMap { $0 } }

    /// Every package `name` depends on, directly or not, sorted.
    public func transitiveDependencies(of name: String) -> [String] {
        var seen = Set<String>()
        var stack = dependencies[name] ?? []
        while let next = stack.popLast() {
            guard seen.insert(next).inserted else { continue }
            stack.append(contentsOf: dependencies[next] ?? [])
        }
        return seen.sorted()
    }

    /// The closure of `roots` under dependencies: what a job's packages need to be compiled.
    public func closure(of roots: [String]) -> [String] {
        Set(roots + roots.flatMap { transitiveDependencies(of: $0) }).sorted()
    }

    private static func computeLevels(_ graph: [String: [String]]) throws -> [[String]] {
        var level: [String: Int] = [:]
        var remaining = Set(graph.keys)
        var levels: [[String]] = []
        while !remaining.isEmpty {
            let ready = remaining.filter { name in (graph[name] ?? []).allSatisfy { level[$0] != nil } }.sorted()
            guard !ready.isEmpty else {
                throw ReleaseError.dependencyCycle(packages: findCycle(graph, among: remaining))
            }
            for name in ready {
                level[name] = levels.count
                remaining.remove(name)
            }
            levels.append(ready)
        }
        return levels
    }

    /// Walks dependencies from the smallest remaining name until a name repeats; the repeated
    /// stretch is a cycle (every remaining package has a remaining dependency).
    private static func findCycle(_ graph: [String: [String]], among remaining: Set<String>) -> [String] {
        guard var current = remaining.min() else { return [] }
        var path: [String] = []
        var position: [String: Int] = [:]
        while position[current] == nil {
            position[current] = path.count
            path.append(current)
            guard let next = (graph[current] ?? []).filter({ remaining.contains($0) }).min() else { return path }
            current = next
        }
        return Array(path[(position[current] ?? 0)...]) + [current]
    }
}
