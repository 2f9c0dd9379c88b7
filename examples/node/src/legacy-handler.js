// A hand-written handler from before the cors package: it echoes the Origin and forgets Vary.
module.exports = function legacy(req, res) {
  const origin = req.headers.origin;
  if (origin) {
    res.setHeader('Access-Control-Allow-Origin', origin);
    res.setHeader('Access-Control-Allow-Credentials', 'true');
  }
  if (req.method === 'OPTIONS') {
    res.writeHead(204, { 'Access-Control-Allow-Methods': 'GET, POST', 'Access-Control-Max-Age': '86400' });
    return res.end();
  }
  res.end('legacy');
};
