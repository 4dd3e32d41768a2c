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
      // Nothing in Parley uses these; a page that is tricked into asking gets no.
      { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=(), payment=(), usb=()' },
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
      // Served over https behind a proxy that says so: browsers keep to https for a year.
      {
        source: '/:path*',
        has: [{ type: 'header', key: 'x-forwarded-proto', value: 'https' }],
        headers: [{ key: 'Strict-Transport-Security', value: 'max-age=31536000' }],
      },
    ];
  },
};

export default nextConfig;
