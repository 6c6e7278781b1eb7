# The one piece of Rails the generated initializer uses: Rails.application.config.middleware, an
# ordered stack with Rails' `use` / `insert_before` semantics, built the way Rails builds it
# (the first entry is the outermost middleware).
module Rails
  class MiddlewareStack
    def initialize
      @entries = []
    end

    def use(klass, *args, &block)
      @entries.push([klass, args, block])
    end

    def insert_before(target, klass, *args, &block)
      index = target.is_a?(Integer) ? target : @entries.index { |e| e[0] == target }
      raise ArgumentError, "No such middleware to insert before: #{target.inspect}" if index.nil?

      @entries.insert(index, [klass, args, block])
    end

    def build(app)
      @entries.reverse.inject(app) { |inner, (klass, args, block)| klass.new(inner, *args, &block) }
    end
  end

  Config = Struct.new(:middleware)
  Application = Struct.new(:config)

  def self.application
    @application ||= Application.new(Config.new(MiddlewareStack.new))
  end
end
