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
    // The console and its API are never framed, not even by Parley's own pages, nor cached.
    const console = [
      ...common,
      { key: 'Content-Security-Policy', value: "frame-ancestors 'none'" },
      { key: 'X-Frame-Options', value: 'DENY' },
      { key: 'Cache-Control', value: 'no-store' },
    ];
    return [
      // Only /embed/<siteId> may be framed, by its site's origins (set per site in proxy.ts).
      {
        source: '/((?!embed/|admin$|admin/|api/admin$|api/admin/).*)',
        headers: [...common, { key: 'Content-Security-Policy', value: "frame-ancestors 'self'" }],
      },
      { source: '/embed/:path*', headers: common },
      { source: '/admin', headers: console },
      { source: '/admin/:path*', headers: console },
      { source: '/api/admin/:path*', headers: console },
    ];
  },
};

export default nextConfig;
