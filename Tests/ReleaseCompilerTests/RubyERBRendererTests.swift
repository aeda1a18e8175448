import DeployerSupport
import DeployerTestSupport
import Foundation
import Testing

@testable import ReleaseCompiler

@Suite(.serialized) struct RubyERBRendererTests {
    let spec = """
        ---
        name: web
        templates:
          config.yml.erb: config/web.yml
          ctl.erb: bin/ctl
        packages: [app]
        properties:
          web.port:
            description: port
            default: 8080
          web.name:
            description: no default
          web.tls.enabled:
            default: false
          web.users:
            default: []
          web.missing:
            description: never set
        """

    func makeJob(
        _ dir: TemporaryDirectory, config: String, ctl: String = "#!/bin/sh\necho <%= spec.job.name %>\n"
    ) throws -> ExtractedJob {
        try dir.write("job/job.MF", spec)
        try dir.write("job/monit", "check process web\n  with pidfile /var/vcap/sys/run/<%= name %>/pid\n")
        try dir.write("job/templates/config.yml.erb", config)
        try dir.write("job/templates/ctl.erb", ctl)
        let manifest = try JobManifest.read(path: dir.path + "/job/job.MF")
        return ExtractedJob(manifest: manifest, fingerprint: "fp123", directory: dir.path + "/job")
    }

    @Test func rendersPropertiesDefaultsSpecAndIfP() async throws {
        let dir = try TemporaryDirectory()
        let config = """
            port: <%= p("web.port") %>
            name: <%= p("web.name") %>
            fallback: <%= p("web.missing", "dflt") %>
            first: <%= p(["web.missing", "web.name"]) %>
            tls: <%= p("web.tls.enabled") %>
            <% if_p("web.name", "web.port") do |n, port| -%>
            both: <%= n %>:<%= port %>
            <% end -%>
            <% if_p("web.missing") do |m| -%>
            never: <%= m %>
            <% end.else do -%>
            else-ran: true
            <% end -%>
            deployment: <%= spec.deployment %>
            index: <%= spec.index %> az: <%= spec.az %> bootstrap: <%= spec.bootstrap %>
            address: <%= spec.address %>
            ip: <%= spec.networks.default.ip.inspect %> unknown: <%= spec.release.inspect %>
            tree: <%= properties.web.port %>
            link: <%= if_link("db") { "yes" }.nil? %>
            """
        let job = try makeJob(dir, config: config)
        let context = RenderContext(
            deployment: "dep", address: "10.0.0.5",
            globalProperties: .object(["web": .object(["name": .string("global"), "port": .int(1)])]),
            clusterProperties: .object([
                "web": .object(["name": .string("cluster"), "tls": .object(["enabled": .null])])
            ]))
        let out = dir.path + "/out"
        let rendered = try await RubyERBRenderer().render(job: job, context: context, into: out)
        #expect(rendered.name == "web")
        #expect(rendered.fingerprint == "fp123")
        let text = try dir.read("out/config/web.yml")
        #expect(text.contains("port: 1\n"))  // global wins over the default, cluster has no port
        #expect(text.contains("name: cluster\n"))  // cluster wins over global
        #expect(text.contains("fallback: dflt\n"))
        #expect(text.contains("first: cluster\n"))
        #expect(text.contains("tls: false\n"))  // null value → default (false counts as set)
        #expect(text.contains("both: cluster:1\n"))
        #expect(!text.contains("never:"))
        #expect(text.contains("else-ran: true\n"))
        #expect(text.contains("deployment: dep\n"))
        #expect(text.contains("index: 0 az: unknown bootstrap: true\n"))
        #expect(text.contains("address: 10.0.0.5\n"))
        #expect(text.contains("ip: \"\" unknown: nil\n"))
        #expect(text.contains("tree: 1\n"))
        #expect(try dir.read("out/bin/ctl") == "#!/bin/sh\necho web\n")
        #expect(try dir.read("out/monit").contains("/var/vcap/sys/run/web/pid"))
    }

    @Test func jobPropertiesAreUsedAlone() async throws {
        let dir = try TemporaryDirectory()
        let job = try makeJob(dir, config: "port: <%= p('web.port') %> name: <%= p('web.name', 'none') %>\n")
        let context = RenderContext(
            deployment: "dep", globalProperties: .object(["web": .object(["name": .string("global")])]),
            jobProperties: .object([:]))
        _ = try await RubyERBRenderer().render(job: job, context: context, into: dir.path + "/out")
        #expect(try dir.read("out/config/web.yml") == "port: 8080 name: none\n")
    }

    @Test func missingPropertyNamesJobTemplateAndLine() async throws {
        let dir = try TemporaryDirectory()
        let job = try makeJob(dir, config: "a: 1\nb: <%= p('web.port') %>\nc: <%= p('web.name') %>\n")
        await #expect {
            try await RubyERBRenderer().render(
                job: job, context: RenderContext(deployment: "d"), into: dir.path + "/out")
        } throws: { error in
            guard case .renderFailed(let jobName, let template, let message) = error as? ReleaseError else {
                return false
            }
            return jobName == "web" && template == "config.yml.erb"
                && message
                    == "Error filling in template 'config.yml.erb' for web/0 (line 3: Can't find property 'web.name')"
        }
    }

    @Test func rubyErrorsAndLinksReportTheLine() async throws {
        let dir = try TemporaryDirectory()
        let job = try makeJob(dir, config: "ok\n", ctl: "#!/bin/sh\n\n<%= link('db').address %>\n")
        let error = await #expect(throws: ReleaseError.self) {
            try await RubyERBRenderer().render(
                job: job, context: RenderContext(deployment: "d"), into: dir.path + "/out")
        }
        let text = String(describing: try #require(error))
        #expect(text.contains("'ctl.erb'"))
        #expect(text.contains("job 'web'"))
        // create-env has no links: `link` does not exist, as in bosh-cli (ERBContextParityTests).
        #expect(text.contains("line 3: undefined method `link' for an instance of TemplateEvaluationContext"))
    }

    /// Ruby puts the receiver's `inspect` (all properties, secrets too) into a NameError's
    /// message; the report names its class instead.
    @Test func aNameErrorNamesTheReceiversClassNotItsValues() async throws {
        let dir = try TemporaryDirectory()
        let job = try makeJob(dir, config: "<%= p('web.name') %>\n<%= raw_properties.no_such %>\n")
        let context = RenderContext(deployment: "d", clusterProperties: ["web": ["name": "s3cret"]])
        await #expect {
            try await RubyERBRenderer().render(job: job, context: context, into: dir.path + "/out")
        } throws: { error in
            guard case .renderFailed(_, _, let message) = error as? ReleaseError else { return false }
            return message
                == "Error filling in template 'config.yml.erb' for web/0 (line 2: undefined method `no_such' for an instance of Hash)"
        }
    }
}
