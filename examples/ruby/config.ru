# frozen_string_literal: true

require 'rack/cors'

# The public status endpoint: any origin, no credentials.
use Rack::Cors do
  allow do
    origins '*'
    resource '/status', methods: [:get], max_age: 600
  end

  # Legacy mobile API: a bare host admits http:// too, and max-age is the library's 7200.
  allow do
    origins 'mobile.example.com'
    resource '/mobile/*', headers: :any, methods: %i[get post], credentials: true
  end
end

run ->(_env) { [200, { 'Content-Type' => 'text/plain' }, ['ok']] }
