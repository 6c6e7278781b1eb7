# Serves the Rack app on 127.0.0.1:PORT with WEBrick: `base`, or a generated initializer (the
# fixed app: the app's auth is already in the middleware stack when the initializer runs).
require "rack"
require "rack/cors"
require "webrick"
require_relative "app"

app =
  if ARGV[0] == "base"
    Rack::Builder.new do
      use AuthMiddleware
      use LegacyPreflight
      run ApiRoute.new(legacy: true)
    end.to_app
  else
    require_relative "rails_shim"
    Rails.application.config.middleware.use AuthMiddleware
    load File.expand_path(ARGV[0])
    Rails.application.config.middleware.build(ApiRoute.new(legacy: false))
  end

Rack::Handler::WEBrick.run(app, Host: "127.0.0.1", Port: Integer(ENV.fetch("PORT")), AccessLog: [], Logger: WEBrick::Log.new($stderr, WEBrick::Log::WARN))
