const express = require('express');
const cors = require('cors');
const { origins } = require('./origins');

const app = express();

// The account API: cookies, so only the listed origins.
app.use('/api', cors({ origin: origins, credentials: true, maxAge: 600 }));

// A public catalogue without cookies: `*` is right here.
app.get('/catalogue', cors(), (req, res) => res.json([]));

// Partner widgets: the check meant "our partner's domain" but ends without a boundary.
app.use(
  '/widgets',
  cors({
    origin(origin, callback) {
      if (!origin || origin.endsWith('partner.com')) return callback(null, true);
      callback(null, false);
    },
    credentials: true,
  }),
);

// A quick debugging set-up that stayed: every origin, with cookies.
app.use('/internal', cors({ origin: true, credentials: true }));

app.listen(Number(process.env.PORT || 3000));
