import Interpolation
import Testing

@testable import Deployer

@Suite struct ManifestProblemTests {
    @Test func descriptionIsTheBoshCLILine() {
        #expect(
            ManifestProblem(.deploymentValidation, at: "resource_pools[0].network", "must be provided").description
                == "resource_pools[0].network must be provided")
        #expect(ManifestProblem(.deploymentValidation, at: "", "Manifest is empty").description == "Manifest is empty")
        let pathless = ManifestProblem(
            .deploymentValidation, path: "jobs[0].networks", message: "only one network can be the default for 'dns'")
        #expect(pathless.description == "only one network can be the default for 'dns'")
        #expect(pathless.path == "jobs[0].networks")
    }

    @Test func errorPrintsEachStageBehindBoshCLIWrappers() {
        let error = ManifestError.invalid(
            file: "/d/bosh.yml",
            problems: [
                ManifestProblem(.releaseSetValidation, at: "releases[0].name", "must be provided"),
                ManifestProblem(.releaseSetValidation, at: "releases[0].url", "must be provided"),
                ManifestProblem(.installationParsing, path: "cloud_provider.cert.ca", message: "Invalid CA cert"),
                ManifestProblem(.installationValidation, at: "cloud_provider.template.name", "must be provided"),
                ManifestProblem(
                    .deploymentUnmarshalling, path: "name", message: "name: cannot unmarshal !!map into string"),
                ManifestProblem(.deploymentValidation, at: "jobs[0].name", "must be provided"),
                ManifestProblem(.deploymentValidation, at: "jobs[0].resource_pool", "must be provided"),
            ])
        #expect(
            error.description == """
                Parsing release set manifest '/d/bosh.yml': Validating release set manifest: releases[0].name must be provided
                releases[0].url must be provided
                Parsing installation manifest '/d/bosh.yml': Invalid CA cert
                Parsing installation manifest '/d/bosh.yml': Validating installation manifest: cloud_provider.template.name must be provided
                Parsing deployment manifest '/d/bosh.yml': Unmarshalling BOSH deployment manifest: yaml: unmarshal errors:
                  name: cannot unmarshal !!map into string
                Validating deployment manifest: jobs[0].name must be provided
                jobs[0].resource_pool must be provided
                """)
        #expect(error.problems.count == 7)
    }

    @Test func parseThrowsProblemsSortedByStage() throws {
        let node = try ManifestFixtures.editing(ManifestFixtures.v1, [("name", "''"), ("releases/0/name", "''")])
        let error = try #require(throws: ManifestError.self) { try ManifestParser.parse(node, path: "bosh.yml") }
        #expect(error.problems.map(\.stage) == [.releaseSetValidation, .deploymentValidation, .deploymentValidation])
        #expect(
            error.description.hasPrefix(
                "Parsing release set manifest 'bosh.yml': Validating release set manifest: releases[0].name must be provided\n"
            ))
        #expect(
            error.description.hasSuffix(
                "Validating deployment manifest: name must be provided\njobs[0].templates[0].release 'bosh' must refer to release in releases"
            ))
    }

    @Test func deployTimeErrorsUseBoshCLITexts() {
        #expect(ManifestError.jobCount(0).description == "There must only be one job, found 0")
        #expect(
            ManifestError.instanceCount(job: "bosh", count: 2).description
                == "Job 'bosh' must have only one instance, found 2")
        #expect(ManifestError.noNetwork.description == "Must specify network")
        #expect(ManifestError.noDefaultNetwork.description == "Must specify default network")
    }

    @Test func errorsNeverPrintSecrets() throws {
        let node = try ManifestFixtures.setting(
            try ManifestFixtures.node(ManifestFixtures.v1), "jobs/0/instances", to: "'s3cr3t-password'")
        let error = try #require(throws: ManifestError.self) { try ManifestParser.parse(node, path: "bosh.yml") }
        #expect(error.description.contains("jobs[0].instances: cannot unmarshal !!str into int"))
        #expect(!error.description.contains("s3cr3t"))
    }
}
