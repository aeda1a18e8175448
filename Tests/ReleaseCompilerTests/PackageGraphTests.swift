import Testing

@testable import ReleaseCompiler

@Suite struct PackageGraphTests {
    @Test func levelsPutDependenciesFirst() throws {
        let graph = try PackageGraph(dependencies: ["d": ["b", "c"], "b": ["a"], "c": ["a"], "a": [], "e": []])
        #expect(graph.levels == [["a", "e"], ["b", "c"], ["d"]])
        #expect(graph.topologicalOrder == ["a", "e", "b", "c", "d"])
        #expect(graph.transitiveDependencies(of: "d") == ["a", "b", "c"])
        #expect(graph.closure(of: ["b"]) == ["a", "b"])
    }

    @Test func missingDependencyNamesBothPackages() {
        #expect(throws: ReleaseError.missingDependency(package: "b", dependency: "zlib", dependentKind: "package")) {
            try PackageGraph(dependencies: ["a": [], "b": ["a", "zlib"]])
        }
        let message = ReleaseError.missingDependency(package: "b", dependency: "zlib", dependentKind: "package")
            .description
        #expect(message == "Expected to find package 'zlib' since it's a dependency of package 'b'")
    }

    @Test func cycleNamesThePackagesInOrder() {
        #expect(throws: ReleaseError.dependencyCycle(packages: ["b", "c", "d", "b"])) {
            try PackageGraph(dependencies: ["a": [], "b": ["a", "c"], "c": ["d"], "d": ["b"], "e": ["b"]])
        }
        #expect(throws: ReleaseError.dependencyCycle(packages: ["x", "x"])) {
            try PackageGraph(dependencies: ["x": ["x"]])
        }
    }
}
