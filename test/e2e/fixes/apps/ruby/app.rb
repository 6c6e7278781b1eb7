# The base app's rules for the Rack stack (read from BASE_SPEC_FILE): auth on private paths, the
# legacy CORS answers of the unfixed app, and the /api/ route.
require "json"

SPEC = JSON.parse(File.read(ENV.fetch("BASE_SPEC_FILE")))
STACK = ENV.fetch("STACK_ID", "ruby")

def expand_headers(headers, origin)
  headers.to_h { |name, value| [name, value.gsub("{origin}", origin || "null")] }
end

# The app's authentication (Warden/Devise in a real Rails app): 401 without the token, OPTIONS too.
class AuthMiddleware
  def initialize(app)
    @app = app
  end

  def call(env)
    if env["PATH_INFO"].start_with?(SPEC["privatePrefix"]) && env["HTTP_AUTHORIZATION"] != SPEC["token"]
      return [401, { "Content-Type" => "text/plain", "WWW-Authenticate" => "Bearer" }, ["unauthorized"]]
    end

    @app.call(env)
  end
end

# The unfixed app's own preflight answers.
class LegacyPreflight
  def initialize(app)
    @app = app
  end

  def call(env)
    route = SPEC["routes"][env["PATH_INFO"]]
    if env["REQUEST_METHOD"] == "OPTIONS" && env["HTTP_ACCESS_CONTROL_REQUEST_METHOD"] && route && route["preflight"]
      return [route["preflight"]["status"], expand_headers(route["preflight"]["headers"], env["HTTP_ORIGIN"]), []]
    end

    @app.call(env)
  end
end

class ApiRoute
  def initialize(legacy:)
    @legacy = legacy
  end

  def call(env)
    path = env["PATH_INFO"]
    return [404, { "Content-Type" => "text/plain" }, ["not found"]] unless path.start_with?("/api/")

    headers = { "Content-Type" => "application/json" }
    headers.merge!(expand_headers(SPEC["routes"].fetch(path, {})["actual"] || [], env["HTTP_ORIGIN"])) if @legacy
    [200, headers, [JSON.generate({ ok: true, stack: STACK, path: path })]]
  end
end
