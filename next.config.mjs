/** @type {import('next').NextConfig} */
const nextConfig = {
  // PGlite loads its WebAssembly and data files from its own package folder at run time.
  serverExternalPackages: ['@electric-sql/pglite', 'postgres'],
  poweredByHeader: false,
  reactStrictMode: true,
  // The build must not depend on a database or an upstream; typecheck and lint run in `npm test`.
  typescript: { ignoreBuildErrors: true },
  async headers() {
    const common = [
      { key: 'X-Content-Type-Options', value: 'nosniff' },
      { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
    ];
    return [
      // Only /embed/<siteId> may be framed, by its site's origins (set per site in proxy.ts).
      {
        source: '/((?!embed/).*)',
        headers: [...common, { key: 'Content-Security-Policy', value: "frame-ancestors 'self'" }],
      },
      { source: '/embed/:path*', headers: common },
    ];
  },
};

export default nextConfig;
