// The origins the browser apps are served from; FRONTEND_ORIGINS overrides them per deployment.
const origins = (process.env.FRONTEND_ORIGINS || 'https://app.example.com,https://admin.example.com').split(',').map((o) => o.trim());

module.exports = { origins };
