# Serves a rackup file on 127.0.0.1:$PORT with WEBrick and prints "listening" once it accepts.
require 'rack'
require 'rack/handler/webrick'
require 'webrick'

app, = Rack::Builder.parse_file(ARGV.fetch(0))
$stdout.sync = true
Rack::Handler::WEBrick.run(
  app,
  Host: '127.0.0.1',
  Port: Integer(ENV.fetch('PORT')),
  Logger: WEBrick::Log.new($stderr, WEBrick::Log::WARN),
  AccessLog: [],
  StartCallback: -> { puts 'listening' },
)
