import DeployerSupport
import Foundation
import Testing

@testable import ReleaseCompiler

/// Every file is rendered in a fresh context, as bosh-cli's process per file gives: nothing a
/// template changes reaches the next file of the same job.
@Suite(.serialized) struct ERBIsolationTests {
    let properties = "web.name: {}\nweb.port: {default: 8080}\nweb.tags: {default: [a, b]}"

    @Test func whatATemplateChangesIsGoneForTheNextFileAndMonit() async throws {
        // a.erb renders first (templates go in name order, then monit) and changes all it can.
        let mutator = #"""
            <% p("web.name") << "-mutated"; p("web.tags") << "c"; properties.web.port = 1; spec.deployment.upcase! -%>
            <% def helper; "h"; end; LEAK = 1; ::String.class_eval { def shout; upcase; end }; $leak = 1; @leak = 1 -%>
            <% JSON.singleton_class.send(:define_method, :generate) { |*| "patched" } -%>
            a: <%= p("web.name") %> <%= properties.web.name %> <%= p("web.tags").inspect %> <%= properties.web.port %> <%= spec.deployment %> <%= "x".shout %> <%= JSON.generate(1) %>

            """#
        let checker = #"""
            <%= File.basename(__FILE__) %>: <%= p("web.name") %> <%= p("web.tags").inspect %> <%= properties.web.port %> <%= spec.deployment %> <%= defined?(helper).inspect %> <%= defined?(LEAK).inspect %> <%= "x".respond_to?(:shout) %> <%= $leak.inspect %> <%= instance_variables.inspect %> <%= JSON.generate(1) %>

            """#
        let job = try ERBJobFixture(
            properties: properties, templates: ["a.erb": mutator, "b.erb": checker], monit: checker)
        let outputs = try await job.render(
            RenderContext(
                deployment: "dep", clusterProperties: ["web": ["name": "n1"]]))
        #expect(outputs["a.erb"] == "a: n1-mutated n1-mutated [\"a\", \"b\", \"c\"] 1 DEP X patched\n")
        let clean =
            #": n1 ["a", "b"] 8080 dep nil nil false nil [:@name, :@index, :@properties, :@raw_properties, :@spec] 1"#
        #expect(outputs["b.erb"] == "b.erb" + clean + "\n")
        #expect(outputs["monit"] == "monit" + clean + "\n")
    }

    @Test func everyFileGetsItsOwnUUID() async throws {
        let template = "<%= spec.id %>"
        let job = try ERBJobFixture(
            properties: properties, templates: ["a.erb": template, "b.erb": template], monit: template)
        let outputs = try await job.render(RenderContext(deployment: "dep"))
        let ids = [outputs["a.erb"], outputs["b.erb"], outputs["monit"]].compactMap { $0 }
        #expect(ids.count == 3)
        #expect(Set(ids).count == 3)
        for id in ids {
            #expect(id.wholeMatch(of: /[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}/) != nil)
        }
    }

    @Test func whatATemplatePrintsIsIgnored() async throws {
        let job = try ERBJobFixture(
            properties: properties,
            templates: ["a.erb": "<% print 'noise'; $stdout.flush; system('echo', 'more') %>ok\n"])
        #expect(try await job.render(RenderContext(deployment: "dep"))["a.erb"] == "ok\n")
    }
}
