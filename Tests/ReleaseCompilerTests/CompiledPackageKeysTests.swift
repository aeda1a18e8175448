import Testing

@testable import ReleaseCompiler

/// The one key function the deploy and `export-release` share.
@Suite struct CompiledPackageKeysTests {
    let packages = [
        CompiledPackageKeys.Package(name: "app", fingerprint: "a1", dependencies: ["lib"]),
        CompiledPackageKeys.Package(name: "lib", fingerprint: "l1", dependencies: ["base"]),
        CompiledPackageKeys.Package(name: "base", fingerprint: "b1", dependencies: []),
    ]
    let jammy = CompiledPackageKeys.platform(operatingSystem: "ubuntu-jammy", stemcellVersion: "1.0")

    @Test func thePlatformIsTheStemcellOSAndVersionOnly() {
        #expect(jammy == "stemcell:ubuntu-jammy/1.0")
    }

    @Test func eachKeyCoversTheDependencyTreeAndThePlatform() throws {
        let keys = try CompiledPackageKeys.keys(of: packages, platform: jammy)
        #expect(Set(keys.keys) == ["app", "lib", "base"])
        #expect(Set(keys.values).count == 3)
        let base = CompiledPackageCache.key(fingerprint: "b1", dependencyKeys: [], platform: jammy)
        let lib = CompiledPackageCache.key(fingerprint: "l1", dependencyKeys: [base], platform: jammy)
        #expect(keys["base"] == base)
        #expect(keys["lib"] == lib)
        #expect(keys["app"] == CompiledPackageCache.key(fingerprint: "a1", dependencyKeys: [lib], platform: jammy))

        // The order the release lists its packages in does not matter.
        #expect(try CompiledPackageKeys.keys(of: packages.reversed(), platform: jammy) == keys)

        // A changed package two levels down changes every package above it, not the others.
        var changed = packages
        changed[2].fingerprint = "b2"
        let rebuilt = try CompiledPackageKeys.keys(of: changed, platform: jammy)
        #expect(rebuilt["app"] != keys["app"])
        #expect(rebuilt["lib"] != keys["lib"])

        // Another stemcell version or OS: other keys throughout.
        let other = try CompiledPackageKeys.keys(
            of: packages,
            platform: CompiledPackageKeys.platform(operatingSystem: "ubuntu-jammy", stemcellVersion: "1.1"))
        #expect(Set(other.values).isDisjoint(with: Set(keys.values)))
        let noble = try CompiledPackageKeys.keys(
            of: packages,
            platform: CompiledPackageKeys.platform(operatingSystem: "ubuntu-noble", stemcellVersion: "1.0"))
        #expect(Set(noble.values).isDisjoint(with: Set(keys.values)))
    }

    @Test func aNameResolvedElsewhereKeepsItsKeyAndItsDependentsUseIt() throws {
        let own = try CompiledPackageKeys.keys(of: packages, platform: jammy)
        let keys = try CompiledPackageKeys.keys(of: packages, platform: jammy, resolved: ["lib": "from-release-one"])
        #expect(keys["lib"] == "from-release-one")
        #expect(keys["base"] == own["base"])
        #expect(
            keys["app"]
                == CompiledPackageCache.key(fingerprint: "a1", dependencyKeys: ["from-release-one"], platform: jammy))
    }

    @Test func aBrokenGraphIsRefused() {
        let broken = [CompiledPackageKeys.Package(name: "app", fingerprint: "a1", dependencies: ["gone"])]
        #expect(throws: ReleaseError.missingDependency(package: "app", dependency: "gone", dependentKind: "package")) {
            try CompiledPackageKeys.keys(of: broken, platform: jammy)
        }
    }
}
