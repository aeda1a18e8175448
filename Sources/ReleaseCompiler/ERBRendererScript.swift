// swift-format-ignore-file
/// The Ruby program `RubyERBRenderer` runs: one process per job, one `fork` per file.
///
/// bosh-cli starts a fresh `ruby` for every template file, so nothing one template does can
/// reach the next. This program gets the same isolation for the price of one interpreter start:
/// the parent loads exactly the libraries bosh-cli's renderer loads (rubygems, json, erb, yaml)
/// and defines the same template-visible classes, then forks a child per file. The child parses
/// the context afresh, builds the evaluation context, renders and exits; whatever the template
/// changed dies with it.
///
/// Arguments: `context.json plan.json result.json`.
/// - `context.json`: bosh-cli's `erb-context.json` (`RenderContext.jsonText`); each child sets
///   `id` to its file's own id, as bosh-cli marshals a new context per file.
/// - `plan.json`: `{"job", "index", "templates": [{"name", "source", "destination", "id"}]}`,
///   rendered in order; destination directories already exist.
/// - `result.json` (written by the parent): `{"ok": true}`, or for the first failure
///   `{"template", "line", "message"}`.
///
/// The classes a template can see (`TemplateEvaluationContext`, `PropertyStruct`, the
/// `Hash#recursive_merge!` and `JSON.dump` patches) reproduce bosh-cli's observable behaviour,
/// including method visibility, instance-variable names and hash ordering, because templates
/// and `to_yaml`/`inspect` output can see all of those.
enum ERBRendererScript {
    static let source = #"""
    # frozen_string_literal: false
    # The libraries bosh-cli's renderer loads, in its order, and nothing else: templates may
    # rely on them being loaded (YAML) or not.
    require "rubygems"
    require "json"
    require "erb"
    require "yaml"

    # A property tree node: keys become methods, unknown keys read as nil, `key=` stores.
    # Methods Object already has win over keys (templates use p() for such names).
    class PropertyStruct
      def initialize(hash = {})
        @table = {}
        hash.each { |key, value| @table[key.to_sym] = wrap_value(value) }
      end

      def method_missing(method_name, *args)
        text = method_name.to_s
        return @table[method_name.to_sym] unless text.end_with?("=")

        @table[text[0...-1].to_sym] = wrap_value(args.first)
      end

      def respond_to_missing?(method_name, _include_private = false)
        return true if method_name.to_s.end_with?("=")

        @table.key?(method_name.to_sym)
      end

      private

      def wrap_value(value)
        if value.is_a?(Hash)
          PropertyStruct.new(value)
        elsif value.is_a?(Array)
          value.map { |element| wrap_value(element) }
        else
          value
        end
      end
    end

    class Hash
      # Deep merge in place: nested plain hashes are merged into the receiver's own nested
      # hashes (so they change too); any other value from `other` replaces.
      def recursive_merge!(other)
        merge!(other) do |_key, mine, theirs|
          next theirs unless mine.class == Hash && theirs.class == Hash

          mine.recursive_merge!(theirs)
        end
        self
      end
    end

    # `self` of a template. Instance variables are assigned in this order on purpose: it is
    # the order `inspect` (and error messages) show them in.
    class TemplateEvaluationContext
      attr_reader :name, :index, :properties, :raw_properties, :spec

      def initialize(spec)
        @name = spec["job"]["name"] if spec["job"].is_a?(Hash)
        @index = spec["index"]

        # Without job-level properties the global ones are merged with the instance group's
        # in place: spec.global_properties shows the merged tree.
        source = spec["job_properties"]
        source = spec["global_properties"].recursive_merge!(spec["cluster_properties"]) if source.nil?

        resolved = {}
        spec["default_properties"].each { |name, default| copy_property(resolved, source, name, default) }

        @properties = openstruct(resolved)
        @raw_properties = resolved
        @spec = openstruct(spec)
      end

      def get_binding
        binding
      end

      def p(*args)
        names = Array(args[0])
        names.each do |name|
          found = lookup_property(@raw_properties, name)
          return found unless found.nil?
        end
        return args[1] if args.length == 2

        raise UnknownProperty.new(names)
      end

      def if_p(*names)
        values = names.map do |name|
          found = lookup_property(@raw_properties, name)
          return ActiveElseBlock.new(self) if found.nil?

          found
        end
        yield(*values)
        InactiveElseBlock.new
      end

      # create-env has no links.
      def if_link(_name)
        false
      end

      private

      # Copies one declared property from `src` into `dst` by walking its dotted name with
      # plain `[]`/`[]=` (so a String on the way is indexed as a substring and an Integer or
      # Array raises), the default standing in when the walk finds nil.
      def copy_property(dst, src, name, default = nil)
        keys = name.split(".")
        found = src
        keys.each do |key|
          found = found[key]
          break if found.nil?
        end

        parent = dst
        keys[0...-1].each do |key|
          parent[key] ||= {}
          parent = parent[key]
        end
        parent[keys.last] ||= {}
        parent[keys.last] = found.nil? ? default : found
      end

      def openstruct(object)
        if object.is_a?(Hash)
          PropertyStruct.new(object.each_with_object({}) { |(key, value), out| out[key] = openstruct(value) })
        elsif object.is_a?(Array)
          object.map { |element| openstruct(element) }
        else
          object
        end
      end

      def lookup_property(collection, name)
        found = collection
        name.split(".").each do |key|
          found = found[key]
          return nil if found.nil?
        end
        found
      end

      class UnknownProperty < StandardError
        attr_reader :name

        def initialize(names)
          @names = names
          super("Can't find property '#{names.join("', or '")}'")
        end
      end

      # What if_p returns when a property is missing: the alternatives run.
      class ActiveElseBlock
        def initialize(template)
          @context = template
        end

        def else
          yield
        end

        def else_if_p(*names, &block)
          @context.if_p(*names, &block)
        end
      end

      # What if_p returns after its block ran: the alternatives do nothing.
      class InactiveElseBlock
        def else; end

        def else_if_p(*_names)
          InactiveElseBlock.new
        end
      end
    end

    # Strings and numbers dump as Ruby literals (`inspect`), everything else as JSON.
    module JSON
      class << self
        alias_method :dump_array_or_hash, :dump

        def dump(*args)
          case args[0]
          when String, Numeric then args[0].inspect
          else dump_array_or_hash(*args)
          end
        end
      end
    end

    # Drives one job: the parent forks a child per file; a child renders one file or leaves a
    # report (line, message) for the parent.
    class ERBRenderer
      def initialize(json_context_path)
        @json_context_path = json_context_path
      end

      def render_job(plan, result_path)
        failure = nil
        plan["templates"].each_with_index do |template, position|
          report_path = "#{result_path}.#{position}"
          child = fork { render_in_child(template, report_path) }
          Process.wait(child)
          next if $?.success? && !File.exist?(report_path)

          failure = failure_of(plan, template, report_path, $?)
          break
        end
        File.write(result_path, JSON.generate(failure || { "ok" => true }))
      end

      private

      def render_in_child(template, report_path)
        source = template["source"]
        ARGV.replace([@json_context_path, source, template["destination"]])
        begin
          erb = ERB.new(File.read(source), trim_mode: "-")
          erb.filename = source
          context_hash = JSON.parse(File.read(@json_context_path))
          context_hash["id"] = template["id"]
          evaluation_context = TemplateEvaluationContext.new(context_hash)
          File.write(template["destination"], erb.result(evaluation_context.get_binding))
        rescue Exception => e # rubocop:disable Lint/RescueException -- SyntaxError, exit and the like are template failures too
          line = line_of(e, source)
          File.binwrite(report_path, "#{line}\n#{summary(e, source, template["name"])}")
          exit!(1)
        end
        exit(0)
      end

      def failure_of(plan, template, report_path, status)
        line = nil
        detail = "ruby #{status.exitstatus ? "exited with status #{status.exitstatus}" : "was killed by signal #{status.termsig}"}"
        if File.exist?(report_path)
          number, detail = File.binread(report_path).force_encoding(Encoding::UTF_8).scrub.split("\n", 2)
          line = number.to_i if number.to_i.positive?
        end
        where = line ? "line #{line}: " : ""
        message = "Error filling in template '#{template["name"]}' for #{plan["job"]}/#{plan["index"]} (#{where}#{detail})"
        { "template" => template["name"], "line" => line, "message" => message }
      end

      # The template line the error came from: the first backtrace frame in the template,
      # else (a SyntaxError) the line its message names.
      def line_of(error, source)
        frames = Array(error.backtrace)
        frames.each do |frame|
          next unless frame.start_with?("#{source}:")

          number = frame[source.length + 1..].to_i
          return number if number.positive?
        end
        return nil unless error.is_a?(SyntaxError)

        match = error.message.match(/#{Regexp.escape(source)}:(\d+)/)
        match && match[1].to_i
      end

      # The first line of the message, with the template's path shown as its name and the
      # receiver of a NameError (whose `inspect` can hold every property, secrets included)
      # shown by class only.
      def summary(error, source, name)
        text = error.message.to_s
        if error.is_a?(NameError)
          receiver = begin
            error.receiver
          rescue ArgumentError
            nil
          end
          unless receiver.nil? || receiver.equal?(true) || receiver.equal?(false)
            shown = receiver.inspect.to_s
            instead = "an instance of #{receiver.class}"
            text = text.sub("#{shown}:#{receiver.class}", instead).sub(shown, instead) unless shown.empty?
          end
        end
        text.gsub(source, name).lines.first.to_s.strip
      rescue Exception # rubocop:disable Lint/RescueException -- a template may have broken what this uses
        error.class.to_s
      end
    end

    if $0 == __FILE__
      context_path, plan_path, result_path = *ARGV
      # Like bosh-cli, which ignores what a template prints: keep it out of our output.
      STDOUT.reopen(File::NULL)
      ERBRenderer.new(context_path).render_job(JSON.parse(File.read(plan_path)), result_path)
    end
    """#
}
