/// The Ruby program `RubyERBRenderer` runs: one process renders every template of one job.
///
/// Input (path in ARGV[0]), JSON:
/// `{"job": name, "context": {bosh-cli's erb-context.json keys}, "templates": [{"name",
/// "source", "destination", "id"}]}`. For each template it resolves properties like bosh-cli
/// (job properties alone when given, else global deep-merged with cluster; only properties the
/// spec declares, defaults filling nulls), evaluates the ERB with trim mode `-`, and writes the
/// destination. On the first failure it prints one JSON line `{"template", "message"}` to
/// stdout and exits 1; on success it prints `{"ok": true}`.
enum ERBRendererScript {
    static let source = #"""
    # frozen_string_literal: false
    require "erb"
    require "json"
    require "ostruct"
    require "securerandom"
    require "fileutils"

    module DeployerERB
      class UnknownProperty < StandardError
        def initialize(names)
          super("Can't find property '#{names.join("', or '")}'")
        end
      end

      # Lets `if_p(...) { }.else { }` and `.else_if_p(...) { }` chain like the Director's renderer.
      class ActiveElse
        def initialize(scope)
          @scope = scope
        end

        def else
          yield
        end

        def else_if_p(*names, &block)
          @scope.if_p(*names, &block)
        end
      end

      class InactiveElse
        def else; end

        def else_if_p(*_names)
          self
        end
      end

      def self.deep_merge(base, overlay)
        return overlay unless base.is_a?(Hash) && overlay.is_a?(Hash)
        merged = base.dup
        overlay.each { |key, value| merged[key] = deep_merge(base[key], value) }
        merged
      end

      def self.dig(hash, dotted)
        dotted.split(".").reduce(hash) do |node, key|
          return nil unless node.is_a?(Hash) && node.key?(key)
          node[key]
        end
      end

      def self.assign(hash, dotted, value)
        keys = dotted.split(".")
        last = keys.pop
        node = keys.reduce(hash) { |h, key| h[key] = {} unless h[key].is_a?(Hash); h[key] }
        node[last] = value
      end

      # Only declared properties are visible; a null or missing value falls back to the default.
      def self.resolve(context)
        source = context["job_properties"]
        if source.nil?
          source = deep_merge(context["global_properties"] || {}, context["cluster_properties"] || {})
        end
        resolved = {}
        (context["default_properties"] || {}).each do |name, default|
          value = dig(source, name)
          assign(resolved, name, value.nil? ? default : value)
        end
        resolved
      end

      def self.open_struct(object)
        case object
        when Hash then OpenStruct.new(object.each_with_object({}) { |(k, v), h| h[k] = open_struct(v) })
        when Array then object.map { |item| open_struct(item) }
        else object
        end
      end

      class Scope
        attr_reader :name, :index, :properties, :raw_properties, :spec

        def initialize(context, raw_properties)
          @name = context["job"] && context["job"]["name"]
          @index = context["index"]
          @raw_properties = raw_properties
          @properties = DeployerERB.open_struct(raw_properties)
          @spec = DeployerERB.open_struct(context)
        end

        def template_binding
          binding
        end

        def p(*args)
          names = Array(args[0])
          names.each do |name|
            value = DeployerERB.dig(@raw_properties, name)
            return value unless value.nil?
          end
          return args[1] if args.length == 2
          raise UnknownProperty.new(names)
        end

        def if_p(*names)
          values = names.map do |name|
            value = DeployerERB.dig(@raw_properties, name)
            return ActiveElse.new(self) if value.nil?
            value
          end
          yield(*values)
          InactiveElse.new
        end

        # create-env renders without links: if_link is always false and link() is an error.
        def if_link(_name)
          ActiveElse.new(self)
        end

        def link(name)
          raise "link '#{name}' is not supported: create-env renders templates without links"
        end
      end

      def self.line_of(error, template_name)
        trace = [error.backtrace_locations, error.backtrace].compact.flatten
        trace.each do |frame|
          text = frame.to_s
          next unless text.start_with?(template_name + ":")
          number = text[template_name.length + 1..].to_i
          return number if number.positive?
        end
        if error.is_a?(SyntaxError)
          match = error.message.match(/#{Regexp.escape(template_name)}:(\d+)/)
          return match[1].to_i if match
        end
        nil
      end

      def self.run(input_path)
        input = JSON.parse(File.read(input_path))
        context = input["context"]
        raw = resolve(context)
        job = input["job"]
        index = context["index"]
        input["templates"].each do |template|
          begin
            context["id"] = template["id"] || SecureRandom.uuid
            erb = ERB.new(File.read(template["source"]), trim_mode: "-")
            erb.filename = template["name"]
            output = erb.result(Scope.new(context, raw).template_binding)
            FileUtils.mkdir_p(File.dirname(template["destination"]))
            File.write(template["destination"], output)
          rescue Exception => e # rubocop:disable Lint/RescueException -- SyntaxError/ScriptError must be reported too
            line = line_of(e, template["name"])
            where = line ? "line #{line}: " : ""
            message = "Error filling in template '#{template["name"]}' for #{job}/#{index} (#{where}#{e.message.lines.first.to_s.strip})"
            puts JSON.generate({ "template" => template["name"], "line" => line, "message" => message })
            exit 1
          end
        end
        puts JSON.generate({ "ok" => true })
      end
    end

    DeployerERB.run(ARGV[0])
    """#
}
