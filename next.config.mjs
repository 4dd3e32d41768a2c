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
    // Pages get their Content-Security-Policy, with a nonce per request, from proxy.ts
    // (lib/http/csp.ts). The console and its API are never framed nor cached.
    const console = [
      { key: 'X-Frame-Options', value: 'DENY' },
      { key: 'Cache-Control', value: 'no-store' },
    ];
    return [
      { source: '/:path*', headers: common },
      { source: '/admin', headers: console },
      { source: '/admin/:path*', headers: console },
      // The API answers JSON and files, not pages: nothing may frame it but Parley itself.
      {
        source: '/api/((?!admin$|admin/).*)',
        headers: [{ key: 'Content-Security-Policy', value: "frame-ancestors 'self'" }],
      },
      {
        source: '/api/admin/:path*',
        headers: [...console, { key: 'Content-Security-Policy', value: "frame-ancestors 'none'" }],
      },
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
