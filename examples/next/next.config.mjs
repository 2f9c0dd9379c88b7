/** @type {import('next').NextConfig} */
const nextConfig = {
  async headers() {
    return [
      // A public, read-only feed: any page may read it, without cookies.
      {
        source: '/api/feed/:path*',
        headers: [
          { key: 'Access-Control-Allow-Origin', value: '*' },
          { key: 'Access-Control-Allow-Methods', value: 'GET' },
        ],
      },
      // Meant for partners, but `has` without a value admits every Origin, and `:origin` sends it back.
      {
        source: '/api/partner/:path*',
        has: [{ type: 'header', key: 'origin' }],
        headers: [
          { key: 'Access-Control-Allow-Origin', value: ':origin' },
          { key: 'Access-Control-Allow-Credentials', value: 'true' },
          { key: 'Vary', value: 'Origin' },
        ],
      },
    ];
  },
};

export default nextConfig;
