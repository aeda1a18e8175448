import DeployerSupport
import Testing

@testable import ReleaseCompiler

/// What a template can call and see is bosh-cli's: its libraries, its property struct, its
/// `JSON.dump`, its helpers and nothing more. Expected texts come from bosh-cli's renderer.
@Suite(.serialized) struct ERBContextParityTests {
    /// `web.name` from the instance group, `web.port` and `web.tags` from their defaults.
    let properties = "web.name: {}\nweb.port: {default: 8080}\nweb.tags: {default: [a, b]}"
    let context = RenderContext(
        deployment: "dep", id: "fixed-id",
        clusterProperties: ["web": ["extra": "ignored", "name": "n1"]])

    @Test func yamlIsLoadedAndDumpsPropertyStructsAsBoshCLIDoes() async throws {
        let template = #"""
            <%= p("web").to_yaml -%>
            <%= YAML.dump(p("web.tags")) -%>
            <%= properties.web.to_yaml -%>
            <%= {"nested" => {"list" => [1, 2.5, nil, true, "yes"]}}.to_yaml -%>
            <%= YAML.load("a: [1, 2]").inspect %>

            """#
        let job = try ERBJobFixture(properties: properties, templates: ["yaml.erb": template])
        let output = try await job.render(context)["yaml.erb"]
        #expect(
            output == """
                ---
                name: n1
                port: 8080
                tags:
                - a
                - b
                ---
                - a
                - b
                --- !ruby/object:PropertyStruct
                table:
                  :name: n1
                  :port: 8080
                  :tags:
                  - a
                  - b
                ---
                nested:
                  list:
                  - 1
                  - 2.5
                  -
                  - true
                  - 'yes'
                {"a"=>[1, 2]}

                """)
    }

    @Test func propertyStructBehavesLikeBoshCLIsEvenForKeysNamedLikeObjectMethods() async throws {
        let template = #"""
            class: <%= properties.k.class %> <%= p("k.class") %> <%= p("k.method") %> <%= p("k.respond_to?") %> <%= properties.k.hash.class %> name: <%= properties.k.name %>
            respond_to: <%= properties.k.respond_to?(:class) %> <%= properties.k.respond_to?(:name) %> <%= properties.k.respond_to?(:nope) %> <%= properties.k.respond_to?(:nope=) %> <%= properties.k.respond_to?(:to_ary) %>
            display: <%= properties.k.display.inspect %> method: <%= properties.k.method(:name).call %> <%= (properties.k.method rescue $!.class) %>
            to_s: <%= properties.k.to_s.sub(/0x\h+/, "X") %> <%= "#{properties.k}".sub(/0x\h+/, "X") %>
            inspect: <%= properties.arr.inspect.gsub(/0x\h+/, "X") %>
            equal: <%= properties.k == properties.k %> <%= PropertyStruct.new("a" => 1) == PropertyStruct.new("a" => 1) %> <%= properties.arr.equal?(p("arr")) %>
            missing: <%= properties.k.nope.inspect %> <%= properties.k.to_h.inspect %> <%= properties.k[:name].inspect %> <%= properties.k.each.inspect %>
            set: <%= (properties.k.added = {"q" => [{"r" => 1}]}).class %> <%= properties.k.added.q.first.r %> <%= properties.k.send(:other=, {"a" => 1}).class %> <%= p("k").key?("added") %>
            shape: <%= properties.k.instance_variables.inspect %> <%= PropertyStruct.public_instance_methods(false).inspect %> <%= PropertyStruct.private_instance_methods(false).sort.inspect %>

            """#
        let job = try ERBJobFixture(properties: "arr: {}\nk: {}", templates: ["ps.erb": template])
        let keys: PropertyValue = [
            "class": "c", "display": "d", "hash": "h", "method": "m", "name": "n", "respond_to?": "r", "to_s": "t",
        ]
        let output = try await job.render(
            RenderContext(
                deployment: "dep", clusterProperties: ["arr": [["x": 1], [["y": 2]]], "k": keys]))["ps.erb"]
        #expect(
            output == """
                class: PropertyStruct c m r Integer name: n
                respond_to: true true false true false
                display: nil method: n ArgumentError
                to_s: #<PropertyStruct:X> #<PropertyStruct:X>
                inspect: [#<PropertyStruct:X @table={:x=>1}>, [#<PropertyStruct:X @table={:y=>2}>]]
                equal: true false false
                missing: nil nil nil nil
                set: Hash 1 PropertyStruct false
                shape: [:@table] [:method_missing] [:initialize, :respond_to_missing?, :wrap_value]

                """)
    }

    @Test func jsonDumpWritesStringsAndNumbersAsRubyLiterals() async throws {
        let template = ##"""
            <%= JSON.dump("a\"b \#{c} \e") %>
            <%= JSON.dump(42) %> <%= JSON.dump(1.5) %> <%= JSON.dump(2**70) %> <%= JSON.dump(p("web.port")) %>
            <%= JSON.dump(:sym) %> <%= JSON.dump(nil) %> <%= JSON.dump(true) %> <%= JSON.dump([1, "\e"]) %> <%= JSON.dump(p("web")) %>
            <%= JSON.dump_array_or_hash("\e") %> <%= "\e".to_json %> <%= JSON.generate("x") %>

            """##
        let job = try ERBJobFixture(properties: properties, templates: ["json.erb": template])
        let output = try await job.render(context)["json.erb"]
        #expect(
            output == ##"""
                "a\"b \#{c} \e"
                42 1.5 1180591620717411303424 8080
                "sym" null true [1,"\u001b"] {"name":"n1","port":8080,"tags":["a","b"]}
                "\u001b" "\u001b" "x"

                """##)
    }

    @Test func onlyBoshCLIsHelpersExistAndIfLinkIsFalse() async throws {
        let template = #"""
            if_link: <%= if_link("db") { "yes" }.inspect %> <%= respond_to?(:link) %> <%= respond_to?(:if_link) %> <%= (if_link("db").else { } rescue $!.class) %>
            helpers: <%= self.class %> <%= self.class.public_instance_methods(false).sort.inspect %> <%= self.class.private_instance_methods(false).sort.inspect %>
            name: <%= name %> index: <%= index %> raw: <%= raw_properties.inspect %>
            <% if_p("web.name", "web.nope") do |a, b| -%>
            never
            <% end.else_if_p("web.port") do |port| -%>
            else_if_p: <%= port %>
            <% end -%>
            <% if_p("web.name") do |n| -%>
            if_p: <%= n %>
            <% end.else do -%>
            never
            <% end -%>
            chain: <%= if_p("web.port") { }.class %> <%= if_p("web.nope") { }.class %> <%= if_p("web.port") { }.else_if_p("web.port") { raise "never" }.class %> <%= if_p("web.nope") { }.else_if_p("web.name") { }.class %> <%= if_p("web.port") { }.else { raise "never" }.inspect %>
            p: <%= p(["web.nope", "web.name"]) %> <%= p("web.nope", nil).inspect %> <%= p("web.nope", "d") %> <%= (p("web.nope") rescue $!.message) %> <%= (p(%w[web.a web.b]) rescue $!.message) %> <%= (p("web.nope") rescue $!.class) %> <%= (p("web.nope") rescue $!.name.inspect) %>

            """#
        let job = try ERBJobFixture(properties: properties, templates: ["helpers.erb": template])
        let output = try await job.render(context)["helpers.erb"]
        #expect(
            output == """
                if_link: false false true NoMethodError
                helpers: TemplateEvaluationContext [:get_binding, :if_link, :if_p, :index, :name, :p, :properties, :raw_properties, :spec] [:copy_property, :initialize, :lookup_property, :openstruct]
                name: web index: 0 raw: {"web"=>{"name"=>"n1", "port"=>8080, "tags"=>["a", "b"]}}
                else_if_p: 8080
                if_p: n1
                chain: TemplateEvaluationContext::InactiveElseBlock TemplateEvaluationContext::ActiveElseBlock TemplateEvaluationContext::InactiveElseBlock TemplateEvaluationContext::InactiveElseBlock nil
                p: n1 nil d Can't find property 'web.nope' Can't find property 'web.a', or 'web.b' TemplateEvaluationContext::UnknownProperty nil

                """)
    }

    @Test func callingLinkIsANoMethodErrorOnItsLine() async throws {
        let job = try ERBJobFixture(
            properties: properties, templates: ["ctl.erb": "#!/bin/sh\n\n<%= link('db').address %>\n"])
        let failure = await job.failure(context)
        #expect(failure?.template == "ctl.erb")
        #expect(
            failure?.message
                == "Error filling in template 'ctl.erb' for web/0 (line 3: undefined method `link' for an instance of TemplateEvaluationContext)"
        )
    }
}
