# frozen_string_literal: true

TRUSTED_ORIGINS = %w[https://app.example.com https://admin.example.com].freeze

Rails.application.config.middleware.insert_before 0, Rack::Cors do
  # The web app: an explicit list with cookies.
  allow do
    origins(*TRUSTED_ORIGINS)
    resource '/api/*', headers: :any, methods: %i[get post put patch delete], credentials: true, max_age: 600
  end

  # Partner widgets: meant for partner.example.net, but the regex has no anchors.
  allow do
    origins %r{https://partner\.example\.net}
    resource '/widgets/*', headers: :any, methods: [:get], credentials: true, max_age: 600
  end

  # Every subdomain of example.org, decided by a block.
  allow do
    origins { |source, _env| source.end_with?('example.org') }
    resource '/feeds/*', methods: [:get], max_age: 600
  end
end
